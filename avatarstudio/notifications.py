"""Settings for telling people what happened: notices, e-mail digests and
team webhooks. Read from the environment like the rest of the settings."""

from avatarstudio.environment import env, env_bool, env_list  # noqa: F401

# --- A render's progress (projects/renders/progress.py) -----------------------
# The estimate of when a render is ready is learnt from the last this-many
# finished videos of its quality; below RENDER_PROGRESS_MIN_HISTORY of them,
# a documented first guess. The history is read at most once per this many
# seconds per process.
RENDER_PROGRESS_HISTORY = int(env("RENDER_PROGRESS_HISTORY", "50"))
RENDER_PROGRESS_MIN_HISTORY = int(env("RENDER_PROGRESS_MIN_HISTORY", "5"))
RENDER_PROGRESS_CACHE_SECONDS = int(env("RENDER_PROGRESS_CACHE_SECONDS", "60"))


def _hour(value, default):
    """An hour of the day from the environment; anything else is the default."""
    return int(value) if value.strip().isdigit() and int(value) < 24 else default


# The hour (0-23, in TIME_ZONE) the daily digest of notices goes out.
NOTICE_DIGEST_HOUR = _hour(env("NOTICE_DIGEST_HOUR", "7"), 7)
