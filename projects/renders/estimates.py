"""What new renders will cost, said before they are queued: how many, Kling's
units estimated from each voiceover's length (``kling.limits.estimated_units``)
and, with a price, money (``usage.money.cost_words``). The campaign grid, the
sheet import and the sample video confirm with these words."""

from dataclasses import dataclass
from decimal import Decimal

from projects.kling import limits
from projects.renders.services import Pair
from projects.usage.money import cost_words
from projects.wording import quantity


@dataclass(frozen=True)
class Estimate:
    count: int
    units: Decimal  # of the videos with an uploaded voiceover
    unknown: int  # read by a Kling voice: their length is known once spoken

    @property
    def cost(self) -> str:
        """ "about 3.6 units (≈ €0.90)", and what is not known yet."""
        known = self.count - self.unknown
        if not known:
            return (
                "a cost that depends on how long the spoken script is, known once Kling has read it"
            )
        words = f"about {cost_words(self.units)}"
        if not self.unknown:
            return words
        return (
            f"{words} for the {quantity(known, 'video')} with a voiceover, plus the "
            f"{self.unknown} read by a Kling voice, whose length is known once Kling reads it"
        )

    @property
    def words(self) -> str:
        """ "3 videos, about 3.6 units (≈ €0.90)"."""
        return f"{quantity(self.count, 'video')}, {self.cost}"


def estimate(pairs: list[Pair], mode: str = "std") -> Estimate:
    """The estimate for these pairs, each in its own mode or else ``mode``."""
    total, unknown = Decimal(0), 0
    for pair in pairs:
        seconds = pair.voiceover.duration if pair.voiceover is not None else None
        units = limits.estimated_units(seconds, pair.mode or mode)
        if units is None:
            unknown += 1
        else:
            total += Decimal(str(units))
    return Estimate(count=len(pairs), units=total, unknown=unknown)
