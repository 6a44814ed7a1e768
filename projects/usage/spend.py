"""Spend over time, for the usage pages' chart: the units Kling charged per
day (per week for periods over ``WEEKLY_AFTER_DAYS`` days), per project, each
month's running total, and a forecast to the end of this month.

As in ``report.py``, a video counts on the day it finished and only done
videos cost anything. The database sums the units by day (or week) and
project in one query, whatever the number of days or projects.

The forecast (``FORECAST_RULE``): this month's units so far, divided by the
days gone (today included), times the days in the month. It is drawn when
the period has daily bars and includes today.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DateField, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncWeek

from projects.models import RenderStatus
from projects.usage.periods import Period

DAY, WEEK = "day", "week"
WEEKLY_AFTER_DAYS = 62
# Beyond this many projects the smallest share one series: patterns and
# colours stay few enough to tell apart.
MAX_SERIES = 6
OTHERS = "Other projects"
ZERO = Decimal(0)
FORECAST_RULE = (
    "this month's units so far, divided by the days gone (today included), "
    "times the days in the month"
)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Forecast:
    """Where this month ends at the rate of its days so far."""

    today: date
    so_far: Decimal
    units: Decimal

    @property
    def month_end(self) -> date:
        return month_end(self.today)

    @property
    def days_gone(self) -> int:
        return self.today.day

    @property
    def days_in_month(self) -> int:
        return self.month_end.day


@dataclass
class Spend:
    """Units per bucket (a day, or a week starting on Monday) and series (a
    project, or the smallest projects together), for the days ``first`` to
    ``last``. ``amounts`` holds only the buckets with spend. ``carried`` is
    what the first month spent before the period's first day, where the
    running total starts (daily buckets only)."""

    step: str
    period: Period
    first: date
    last: date
    series: list[str]
    amounts: dict[date, list[Decimal]] = field(default_factory=dict)
    carried: Decimal = ZERO
    forecast: Forecast | None = None
    today: date | None = None

    @property
    def empty(self) -> bool:
        return not self.amounts

    @property
    def step_days(self) -> int:
        return 1 if self.step == DAY else 7

    @property
    def count(self) -> int:
        """How many buckets the axis has, from ``first`` to ``last``."""
        return (self.last - self.first).days // self.step_days + 1

    def index(self, bucket: date) -> int:
        return (bucket - self.first).days // self.step_days

    def bucket(self, index: int) -> date:
        return self.first + timedelta(days=index * self.step_days)

    def total(self, bucket: date) -> Decimal:
        return sum(self.amounts.get(bucket, ()), ZERO)

    @property
    def grand_total(self) -> Decimal:
        return sum((self.total(b) for b in self.amounts), ZERO)

    def series_totals(self) -> list[Decimal]:
        return [sum((a[i] for a in self.amounts.values()), ZERO) for i in range(len(self.series))]

    def highest(self) -> tuple[date, Decimal] | None:
        """The bucket with the most units (the earliest of equals)."""
        if self.empty:
            return None
        best = min(self.amounts, key=lambda b: (-self.total(b), b))
        return best, self.total(best)

    def running(self) -> dict[date, Decimal]:
        """Each day's month so far, from the period's first day to today (or
        the last day, if earlier); it starts again on the 1st. Daily only."""
        if self.step != DAY:
            return {}
        end = min(self.last, self.today) if self.today else self.last
        totals, so_far, day = {}, self.carried, self.first
        while day <= end:
            if day.day == 1 and day != self.first:
                so_far = ZERO
            so_far += self.total(day)
            totals[day] = so_far
            day += timedelta(days=1)
        return totals


def step_for(period: Period) -> str:
    return DAY if period.days <= WEEKLY_AFTER_DAYS else WEEK


def spend_of(renders: QuerySet, period: Period, today: date) -> Spend:
    """The spend of ``renders`` (a team's or a project's) in ``period``, by
    day or week and project: one query."""
    step = step_for(period)
    # Daily charts count each month from its 1st, even before the period.
    since = period.start.replace(day=1) if step == DAY else period.start
    start, _ = Period(since, period.end).bounds()
    _, end = period.bounds()
    truncate = (
        TruncDate("finished_at")
        if step == DAY
        else TruncWeek("finished_at", output_field=DateField())
    )
    rows = list(
        renders.filter(status=RenderStatus.DONE, finished_at__gte=start, finished_at__lt=end)
        .annotate(bucket=truncate)
        .values("bucket", "project_id", "project__name")
        .annotate(units_charged=Sum("units", default=ZERO))
        .order_by()
    )
    return build(rows, step=step, period=period, today=today)


def build(rows: list[dict], *, step: str, period: Period, today: date) -> Spend:
    """A ``Spend`` from the query's rows: ``bucket``, ``project_id``,
    ``project__name``, ``units_charged``."""
    in_period = [r for r in rows if r["bucket"] >= period.start or step == WEEK]
    totals: dict[int, Decimal] = {}
    names: dict[int, str] = {}
    for row in in_period:
        key = row["project_id"]
        totals[key] = totals.get(key, ZERO) + row["units_charged"]
        names[key] = row["project__name"]
    ranked = sorted(totals, key=lambda key: (-totals[key], names[key], key))
    if len(ranked) > MAX_SERIES:
        ranked, rest = ranked[: MAX_SERIES - 1], ranked[MAX_SERIES - 1 :]
        series = [names[key] for key in ranked] + [OTHERS]
        place = {key: i for i, key in enumerate(ranked)} | {key: len(ranked) for key in rest}
    else:
        series = [names[key] for key in ranked]
        place = {key: i for i, key in enumerate(ranked)}
    amounts: dict[date, list[Decimal]] = {}
    for row in in_period:
        line = amounts.setdefault(row["bucket"], [ZERO] * len(series))
        line[place[row["project_id"]]] += row["units_charged"]
    carried = sum((r["units_charged"] for r in rows if r["bucket"] < period.start), ZERO)
    forecast = None
    last = period.end
    if step == DAY and period.start <= today <= period.end:
        month_start = today.replace(day=1)
        so_far = sum(
            (r["units_charged"] for r in rows if month_start <= r["bucket"] <= today), ZERO
        )
        days = month_end(today).day
        forecast = Forecast(today=today, so_far=so_far, units=so_far / today.day * days)
        last = max(last, month_end(today))
    first = period.start if step == DAY else period.start - timedelta(days=period.start.weekday())
    return Spend(
        step=step,
        period=period,
        first=first,
        last=last,
        series=series,
        amounts=amounts,
        carried=carried if step == DAY else ZERO,
        forecast=forecast,
        today=today,
    )
