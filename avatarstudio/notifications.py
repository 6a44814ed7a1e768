"""Settings for telling people what happened: notices, e-mail digests and
team webhooks. Read from the environment like the rest of the settings."""

from avatarstudio.environment import env, env_bool, env_list  # noqa: F401


def _hour(value, default):
    """An hour of the day from the environment; anything else is the default."""
    return int(value) if value.strip().isdigit() and int(value) < 24 else default


# The hour (0-23, in TIME_ZONE) the daily digest of notices goes out.
NOTICE_DIGEST_HOUR = _hour(env("NOTICE_DIGEST_HOUR", "7"), 7)
