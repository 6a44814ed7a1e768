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

# --- Team webhooks (projects/webhooks/, docs/webhooks.md) ---------------------
# Development and tests may send to http:// and to local or private addresses;
# production only to https:// addresses on the internet.
WEBHOOK_ALLOW_PRIVATE_HOSTS = env_bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", env_bool("DEBUG", False))
# Seconds to connect, then to read the receiver's answer.
WEBHOOK_CONNECT_TIMEOUT = float(env("WEBHOOK_CONNECT_TIMEOUT", "5"))
WEBHOOK_READ_TIMEOUT = float(env("WEBHOOK_READ_TIMEOUT", "10"))
# The waits before each new attempt, in seconds (1 min, 5 min, 30 min, 2 h,
# 6 h: six attempts in all), each stretched by up to a fifth at random.
WEBHOOK_RETRY_DELAYS = [int(s) for s in env_list("WEBHOOK_RETRY_DELAYS", "60,300,1800,7200,21600")]
# A webhook turns itself off after this many failed attempts in a row, or
# after failing for this many hours without a single success.
WEBHOOK_DISABLE_AFTER_FAILURES = int(env("WEBHOOK_DISABLE_AFTER_FAILURES", "10"))
WEBHOOK_DISABLE_AFTER_HOURS = float(env("WEBHOOK_DISABLE_AFTER_HOURS", "24"))

# --- Content credentials (projects/credentials/, docs/credentials.md) ---------
# Imported here because settings.py is at its size limit.
from avatarstudio.credentials import *  # noqa: E402, F401, F403

# --- Downloads made in the worker (projects/exports/) -------------------------
# At most this many seconds for ffmpeg to burn captions or the "AI-generated"
# label into one video; the task's own django-q2 timeout is a minute more.
EXPORT_FFMPEG_TIMEOUT = int(env("EXPORT_FFMPEG_TIMEOUT", "600"))
