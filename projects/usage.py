"""What a team, a project or a render used: units charged by Kling, seconds
of video, renders done and failed, over a period of days.

A render counts in the period in which it finished, since that is when Kling
charges for it. Only finished videos have units and seconds: a failed render
is counted as failed and costs nothing here. Everything is summed by the
database, in one query per table.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.db.models import CharField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from projects.models import Project, Render, RenderStatus, Team

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


class PeriodForm(forms.Form):
    preset = forms.ChoiceField(choices=Preset.CHOICES, required=False, label="Period")
    start = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date like 2025-05-01."},
    )
    end = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end date like 2025-05-31."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for value in (start, end):
            # Far-off years would overflow the date arithmetic; nobody means them.
            if value and not EARLIEST <= value <= LATEST:
                raise forms.ValidationError(
                    f"Pick dates between {EARLIEST.year} and {LATEST.year}."
                )
        if start and end and start > end:
            raise forms.ValidationError("The start date is after the end date.")
        return cleaned


def period_from_query(data, *, today: date | None = None) -> tuple[Period, PeriodForm]:
    """The period a usage page asked for. Bad input falls back to the last 30
    days; the form carries the message to show."""
    today = today or timezone.localdate()
    form = PeriodForm(data)
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if start or end:
            end = end or max(today, start)
            start = start or end - timedelta(days=DEFAULT_DAYS - 1)
            return Period(start, end), form
        return Period.of(form.cleaned_data["preset"], today), form
    return Period.of(Preset.LAST_30, today), form


@dataclass
class Usage:
    units: Decimal
    seconds: float
    done: int
    failed: int

    @classmethod
    def from_row(cls, row: dict) -> "Usage":
        return cls(row["units_charged"], row["video_seconds"], row["done"], row["failed"])

    @property
    def renders(self) -> int:
        return self.done + self.failed


@dataclass
class UsageRow:
    """One line of a breakdown: a project of a team, or a person in a project."""

    name: str
    usage: Usage
    code: str = ""
    archived: bool = False


def _sums() -> dict:
    # Named unlike Render's own fields (units, duration), which annotate() refuses.
    done = Q(status=RenderStatus.DONE)
    return {
        "units_charged": Sum("units", filter=done, default=Decimal(0)),
        "video_seconds": Sum("duration", filter=done, default=0.0),
        "done": Count("pk", filter=done),
        "failed": Count("pk", filter=Q(status=RenderStatus.FAILED)),
    }


def _in_period(renders: QuerySet, period: Period) -> QuerySet:
    start, end = period.bounds()
    return renders.filter(
        finished_at__gte=start,
        finished_at__lt=end,
        status__in=[RenderStatus.DONE, RenderStatus.FAILED],
    )


def usage_of(renders: QuerySet, period: Period) -> Usage:
    return Usage.from_row(_in_period(renders, period).aggregate(**_sums()))


def team_usage(*, team: Team, period: Period) -> tuple[Usage, list[UsageRow]]:
    """The team's totals, and one row per project that had renders finish in the period."""
    renders = _in_period(Render.objects.filter(project__team=team), period)
    totals = Usage.from_row(renders.aggregate(**_sums()))
    rows = (
        renders.values("project")
        .annotate(
            project_code=F("project__code"),
            project_name=F("project__name"),
            project_archived_at=F("project__archived_at"),
            **_sums(),
        )
        .order_by("-units_charged", "-done", "project_name")
    )
    return totals, [
        UsageRow(
            name=row["project_name"],
            code=str(row["project_code"]),
            archived=row["project_archived_at"] is not None,
            usage=Usage.from_row(row),
        )
        for row in rows
    ]


def project_usage(*, project: Project, period: Period) -> tuple[Usage, list[UsageRow]]:
    """The project's totals, and one row per person who made renders in it."""
    renders = _in_period(Render.objects.filter(project=project), period)
    totals = Usage.from_row(renders.aggregate(**_sums()))
    rows = (
        renders.values("created_by")
        .annotate(
            person=Coalesce(
                NullIf(F("created_by__first_name"), Value("")),
                F("created_by__email"),
                Value("A deleted account"),
                output_field=CharField(),
            ),
            **_sums(),
        )
        .order_by("-units_charged", "-done", "person")
    )
    return totals, [UsageRow(name=row["person"], usage=Usage.from_row(row)) for row in rows]
