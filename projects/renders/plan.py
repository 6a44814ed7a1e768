"""What the make-video form is about to make, and about what it costs.

The form's button says it ("Make 6 videos · about 163 units (≈ €40.80)"), and
above a threshold (``RENDER_CONFIRM_ABOVE_VIDEOS`` videos or
``RENDER_CONFIRM_ABOVE_UNITS`` units) nothing is queued until the person has
confirmed that count and cost. The page's script (static/js/render_form.js)
repeats these sums in the browser from ``browser_plan()``; the server checks
them again, so the confirmation also holds without JavaScript.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from projects.kling.limits import UNITS_PER_SECOND, VOICEOVER_MIN_SECONDS
from projects.renders.services import MAX_BATCH
from projects.usage.money import money
from projects.wording import units as units_words

# A Kling voice reads about this many characters a second (English, at the
# usual speed): enough to estimate a script's cost before its speech exists.
SCRIPT_CHARS_PER_SECOND = 15
# A confirmation for "about 163.2 units" also covers the same videos computed
# a hair differently (in the browser, in another order).
CONFIRM_UNITS_TOLERANCE = 0.5


def script_seconds(script: str) -> float:
    """About how long a Kling voice takes to read ``script``."""
    return max(VOICEOVER_MIN_SECONDS, len(script) / SCRIPT_CHARS_PER_SECOND)


def rounded_units(units: float) -> float:
    """Units to one decimal, halves up (the browser's Math.round)."""
    return math.floor(units * 10 + 0.5) / 10


@dataclass(frozen=True)
class Plan:
    """``count`` videos for about ``units`` units in all."""

    count: int
    units: float

    @property
    def shown_units(self) -> str:
        return units_words(Decimal(str(rounded_units(self.units))))

    @property
    def cost(self) -> str:
        """ "about 163 units (≈ €40.80)", "about 163 units, free in practice mode"."""
        words = f"about {self.shown_units} units"
        if settings.KLING_USES_SANDBOX:
            return f"{words}, free in practice mode"
        amount = money(self.units)
        return f"{words} (≈ {amount})" if amount else words

    @property
    def videos(self) -> str:
        return f"{self.count} video{'' if self.count == 1 else 's'}"

    @property
    def button(self) -> str:
        """The make-video button's words."""
        return f"Make {self.videos} · {self.cost}"

    @property
    def needs_confirmation(self) -> bool:
        return (
            self.count > settings.RENDER_CONFIRM_ABOVE_VIDEOS
            or self.units > settings.RENDER_CONFIRM_ABOVE_UNITS
        )

    @property
    def key(self) -> str:
        """What the confirmation button sends back: "6:163.2"."""
        return f"{self.count}:{self.shown_units}"

    def confirmed_by(self, value: str) -> bool:
        """Whether ``value`` (a confirmation's key) agreed to these videos:
        the same count, and no more units than it named."""
        count, _, units = (value or "").partition(":")
        try:
            agreed_count, agreed_units = int(count), float(units)
        except ValueError:
            return False
        if not math.isfinite(agreed_units):
            return False
        return (
            agreed_count == self.count
            and rounded_units(self.units) <= agreed_units + CONFIRM_UNITS_TOLERANCE
        )


def plan_for(*, portraits, voiceovers, script: str, mode: str) -> Plan | None:
    """One video per portrait × voiceover, or per portrait with a script;
    None when the choices make no video (or both sources are given)."""
    rate = UNITS_PER_SECOND.get(mode, UNITS_PER_SECOND["std"])
    portraits, voiceovers = list(portraits), list(voiceovers)
    if not portraits or bool(voiceovers) == bool(script):
        return None
    if voiceovers:
        seconds = sum(v.duration or 0 for v in voiceovers)
        return Plan(len(portraits) * len(voiceovers), seconds * len(portraits) * rate)
    return Plan(len(portraits), script_seconds(script) * len(portraits) * rate)


def browser_plan() -> dict:
    """What the page's script needs to say the same as ``Plan``."""
    return {
        "confirmAboveVideos": settings.RENDER_CONFIRM_ABOVE_VIDEOS,
        "confirmAboveUnits": settings.RENDER_CONFIRM_ABOVE_UNITS,
        "scriptCharsPerSecond": SCRIPT_CHARS_PER_SECOND,
        "scriptMinSeconds": VOICEOVER_MIN_SECONDS,
        "maxVideosAtOnce": MAX_BATCH,
    }
