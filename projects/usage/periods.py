"""The periods a usage report covers: presets and custom ranges of days."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

DEFAULT_DAYS = 30
EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


class Preset:
    LAST_30 = "last30"
    THIS_MONTH = "this-month"
    LAST_MONTH = "last-month"
    CUSTOM = "custom"

    CHOICES = [
        (LAST_30, "Last 30 days"),
        (THIS_MONTH, "This month"),
        (LAST_MONTH, "Last month"),
    ]


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included, in the site's time zone."""

    start: date
    end: date
    preset: str = Preset.CUSTOM

    @classmethod
    def of(cls, preset: str, today: date) -> "Period":
        if preset == Preset.THIS_MONTH:
            return cls(today.replace(day=1), today, preset)
        if preset == Preset.LAST_MONTH:
            last_day = today.replace(day=1) - timedelta(days=1)
            return cls(last_day.replace(day=1), last_day, preset)
        return cls(today - timedelta(days=DEFAULT_DAYS - 1), today, Preset.LAST_30)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        for value, words in Preset.CHOICES:
            if value == self.preset:
                return words
        return self.dates

    @property
    def dates(self) -> str:
        """ "May 2025", "Apr 2 – May 1, 2025" or "Dec 20, 2024 – Jan 5, 2025"."""
        if (
            (self.start.year, self.start.month) == (self.end.year, self.end.month)
            and self.start.day == 1
            and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]
        ):
            return f"{self.start:%B %Y}"
        same_year = self.start.year == self.end.year
        return f"{_day(self.start, year=not same_year)} – {_day(self.end, year=True)}"

    def bounds(self) -> tuple[datetime, datetime]:
        """From the first moment of the first day to the first moment after the last."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


def _day(day: date, *, year: bool) -> str:
    return f"{day:%b} {day.day}, {day.year}" if year else f"{day:%b} {day.day}"
