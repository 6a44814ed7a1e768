"""How far along a render is, and an honest guess of when it will be ready.

The guess is learned from this installation's own finished videos:

- **Rendering speed**, per quality (std/pro): the median, over the last
  ``RENDER_PROGRESS_HISTORY`` finished videos of that quality, of the seconds
  Kling took per second of video. Kling's part is ``provider_done_at −
  submitted_at``: from the moment Kling took the task to the moment the
  worker learnt the video was made (a poll or a callback). Both are written
  by our own worker at those transitions, so they are what a person waits;
  ``finished_at`` also holds the download of the file, which is measured
  apart, below.
- **Saving**: the median of ``finished_at − provider_done_at`` over the same
  videos (downloading Kling's file, the watermarked copy and the poster).
- Until a quality has ``RENDER_PROGRESS_MIN_HISTORY`` finished videos, the
  documented first guesses below are used, and the page says it is a first
  guess.

A render's estimate is then ``speed × its video's length + saving``, counted
from when Kling took it. The length is the voiceover's, or the script's at
``limits.script_seconds``. The wait for a slot is not in it: it depends on
how many videos are ahead, so a waiting render says how long it will take
once Kling starts it.

The bar (``fraction``) is ``min(elapsed / estimate, 0.95)``: it only reaches
the end when the video is saved. Past the estimate, it says "Taking longer
than usual" rather than a time that is already wrong. The browser keeps the
largest value it has shown, so the bar never goes backwards.

The history is one query, kept for ``RENDER_PROGRESS_CACHE_SECONDS`` in the
process: a page with any number of cards, and each poll, costs at most that
one query.
"""

import statistics
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from projects.kling import limits
from projects.models import Render, RenderMode, RenderStatus

# First guesses, in seconds of rendering per second of video, before a
# quality has enough history: Kling's avatar renders take a few minutes for
# a short clip, and Professional about twice as long as Standard.
DEFAULT_SECONDS_PER_SECOND = {RenderMode.STD: 12.0, RenderMode.PRO: 24.0}
# Downloading the files once Kling is done, before there is any history.
DEFAULT_SAVING_SECONDS = 15.0
# A video whose length is not known yet (no voiceover length, no script).
DEFAULT_VIDEO_SECONDS = 10.0
# The bar stops here until the video is saved.
MOST_BEFORE_DONE = 0.95

# What each status looks like to a person following a render.
STEPS = {
    RenderStatus.QUEUED: ("waiting", "Waiting for a slot"),
    RenderStatus.HELD: ("held", "Waiting: over the monthly budget"),
    RenderStatus.SUBMITTING: ("sent", "Sending to Kling"),
    RenderStatus.SUBMITTED: ("sent", "Sent to Kling"),
    RenderStatus.PROCESSING: ("rendering", "Rendering at Kling"),
    RenderStatus.ARCHIVING: ("saving", "Saving the video"),
    RenderStatus.DONE: ("done", "Done"),
    RenderStatus.FAILED: ("failed", "Failed"),
    RenderStatus.CANCELED: ("canceled", "Canceled"),
}
# The steps that have a clock running against the estimate.
TIMED = ("sent", "rendering", "saving")


@dataclass(frozen=True)
class Speed:
    """What the history says about one quality."""

    seconds_per_second: float
    saving_seconds: float
    videos: int  # how many finished videos it was learnt from (0: a first guess)

    @property
    def learnt(self):
        return self.videos > 0


@dataclass(frozen=True)
class Progress:
    step: str
    words: str
    fraction: float  # 0..1; 1 only when done
    estimate_seconds: float | None  # from `started`, for the timed steps
    started: object  # a datetime: when Kling took it, or None
    late: bool
    eta_words: str
    basis_words: str

    def for_browser(self, render, now):
        return {
            "step": self.step,
            "words": self.words,
            "fraction": round(self.fraction, 4),
            "estimate": round(self.estimate_seconds, 1) if self.estimate_seconds else None,
            "started": _ms(self.started),
            "created": _ms(render.created),
            "now": _ms(now),
            "late": self.late,
            "eta": self.eta_words,
            "basis": self.basis_words,
        }


def _ms(moment):
    return int(moment.timestamp() * 1000) if moment else None


# --- The history ----------------------------------------------------------------

_cache = {"until": 0.0, "speeds": None}
_lock = threading.Lock()


def forget_history():
    """Drop the cached history (tests, or after changing the settings)."""
    with _lock:
        _cache.update(until=0.0, speeds=None)


def speeds():
    """Each quality's Speed, from one query at most every few seconds."""
    with _lock:
        if _cache["speeds"] is not None and time.monotonic() < _cache["until"]:
            return _cache["speeds"]
    learnt = learn(history_rows(settings.RENDER_PROGRESS_HISTORY))
    until = time.monotonic() + settings.RENDER_PROGRESS_CACHE_SECONDS
    with _lock:
        _cache.update(until=until, speeds=learnt)
    return learnt


def history_rows(last):
    """The last ``last`` finished videos of each quality, with their timings:
    one query (a window function numbers each quality's videos, newest first)."""
    return (
        Render.objects.filter(
            status=RenderStatus.DONE,
            submitted_at__isnull=False,
            provider_done_at__isnull=False,
            finished_at__isnull=False,
            duration__gt=0,
        )
        .annotate(
            newest=Window(RowNumber(), partition_by=F("mode"), order_by=F("finished_at").desc())
        )
        .filter(newest__lte=last)
        .values_list("mode", "submitted_at", "provider_done_at", "finished_at", "duration")
    )


def learn(rows):
    """{mode: Speed} from (mode, submitted_at, provider_done_at, finished_at, duration) rows."""
    ratios = {mode: [] for mode in RenderMode.values}
    saving = {mode: [] for mode in RenderMode.values}
    for mode, submitted, made, finished, duration in rows:
        rendering = (made - submitted).total_seconds()
        if mode not in ratios or rendering < 0 or not duration:
            continue
        ratios[mode].append(rendering / duration)
        saving[mode].append(max(0.0, (finished - made).total_seconds()))
    enough = settings.RENDER_PROGRESS_MIN_HISTORY
    speeds = {}
    for mode in RenderMode.values:
        if len(ratios[mode]) >= enough:
            speeds[mode] = Speed(
                statistics.median(ratios[mode]), statistics.median(saving[mode]), len(ratios[mode])
            )
        else:
            speeds[mode] = Speed(DEFAULT_SECONDS_PER_SECOND[mode], DEFAULT_SAVING_SECONDS, 0)
    return speeds


# --- One render ------------------------------------------------------------------


def video_seconds(render):
    """How long the video will be: Kling's figure once known, else the
    voiceover's length, else the script's."""
    if render.duration:
        return render.duration
    if render.voiceover_id:
        return render.voiceover.duration or DEFAULT_VIDEO_SECONDS
    return limits.script_seconds(render.script) or DEFAULT_VIDEO_SECONDS


def estimate(render, speed):
    """(rendering, total) seconds from when Kling takes the render."""
    rendering = speed.seconds_per_second * video_seconds(render)
    return rendering, rendering + speed.saving_seconds


def render_progress(render, now=None, *, known=None):
    """Where ``render`` is, and when it should be ready. ``known`` is
    ``speeds()``, passed in by callers that have it."""
    now = now or timezone.now()
    step, words = STEPS[render.status]
    speed = (known or speeds())[render.mode]
    rendering, total = estimate(render, speed)
    basis = basis_words(render, speed)
    if step == "done":
        return Progress(step, words, 1.0, total, render.submitted_at, False, "Ready", basis)
    if step in TIMED and render.submitted_at:
        elapsed = max(0.0, (now - render.submitted_at).total_seconds())
        fraction = elapsed / total
        if step == "saving":  # Kling's part is over, however fast it went
            fraction = max(fraction, rendering / total)
        late = elapsed > total
        return Progress(
            step,
            words,
            min(fraction, MOST_BEFORE_DONE),
            total,
            render.submitted_at,
            late,
            eta_words(total - elapsed, late=late),
            basis,
        )
    if step in ("waiting", "sent"):
        return Progress(
            step, words, 0.0, total, None, False, f"About {rough(total)} once Kling starts", basis
        )
    return Progress(step, words, 0.0, None, None, False, "", "")


def eta_words(left, *, late):
    if late:
        return "Taking longer than usual"
    return f"Ready in about {rough(left)}"


def rough(seconds):
    """A time left, rounded the way a person says it: "20 seconds", "3 minutes"."""
    if seconds < 60:
        return f"{max(10, round(seconds / 10) * 10)} seconds"
    minutes = round(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def basis_words(render, speed):
    quality = render.get_mode_display()
    if speed.learnt:
        videos = f"{speed.videos} {quality} video{'s' if speed.videos != 1 else ''}"
        return f"Estimated from the last {videos} made here."
    return (
        f"A first guess: fewer than {settings.RENDER_PROGRESS_MIN_HISTORY} {quality} videos "
        "have been made here yet."
    )
