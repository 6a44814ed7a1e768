"""Settings for following renders at Kling: how often to ask, and how to
share Kling's slots (projects/renders/schedule.py, projects/renders/slots.py).
Read from the environment like the rest of the settings."""

from avatarstudio.environment import env

# Without callbacks (no public SITE_URL), a render is asked about at most
# this often, and at least this often once its learnt estimate has passed.
RENDER_POLL_MIN_SECONDS = float(env("RENDER_POLL_MIN_SECONDS", "3"))
RENDER_POLL_MAX_SECONDS = float(env("RENDER_POLL_MAX_SECONDS", "30"))
# With callbacks, polling is a safety net: a render Kling has not called
# back about is looked at this long after its estimate, then this often.
RENDER_SAFETY_POLL_SECONDS = float(env("RENDER_SAFETY_POLL_SECONDS", "60"))
# Kling said it was full (code 1303) and no slot of ours has freed since:
# one create is still tried this often (six times less often while some of
# ours are at Kling), in case other tasks on the account ended.
RENDER_SLOT_PROBE_SECONDS = float(env("RENDER_SLOT_PROBE_SECONDS", "10"))
