"""When to ask Kling about a render next: as rarely as what we know allows.

- **With callbacks** (a public ``SITE_URL``), Kling tells us when a task
  changes (``renders/callbacks.py``), so polling is a slow safety net: the
  first look comes ``RENDER_SAFETY_POLL_SECONDS`` after the render's
  estimate, then one that often.
- **Without**, the learnt estimate of Kling's part (``progress.py``: seconds
  of rendering per second of video, from this installation's finished
  videos) says when the task is due. Before then, the next look comes after
  half the time left (a task due at 150 s is looked at after 75, 112, 131,
  140, … s); once it is late, every ``RENDER_POLL_MIN_SECONDS`` at first,
  then at a tenth of how late it is. Never more often than
  ``RENDER_POLL_MIN_SECONDS``, never less often than every
  ``RENDER_POLL_MAX_SECONDS``.
- **Until a quality has a learnt estimate**, nothing says when a task is
  due: every ``RENDER_POLL_MIN_SECONDS`` for its first minute, then 10, 30 and
  60 s as it ages.

Many renders in flight are read together from Kling's list endpoint
(``following.py``), so at scale what costs requests is how often any render
is due, not how many there are.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from projects.renders.progress import speeds, video_seconds


def next_poll_at(render, now=None, *, known=None):
    """When to look at ``render`` next (it is in flight, or just sent)."""
    now = now or timezone.now()
    age = max(0.0, (now - (render.submitted_at or now)).total_seconds())
    speed = (known or speeds())[render.mode]
    rendering = speed.seconds_per_second * video_seconds(render)
    if settings.SITE_URL:
        safety = settings.RENDER_SAFETY_POLL_SECONDS
        return now + timedelta(seconds=max(rendering + safety - age, safety))
    if not speed.learnt:
        return now + timedelta(seconds=unlearnt_interval(age))
    left = rendering - age
    wait = left / 2 if left > 0 else -left / 10
    low, high = settings.RENDER_POLL_MIN_SECONDS, settings.RENDER_POLL_MAX_SECONDS
    return now + timedelta(seconds=min(max(wait, low), high))


def unlearnt_interval(age: float) -> float:
    """New tasks are checked soon, long ones less often."""
    if age < 60:
        return settings.RENDER_POLL_MIN_SECONDS
    if age < 300:
        return 10.0
    if age < 1800:
        return 30.0
    return 60.0
