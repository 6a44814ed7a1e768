"""What a team, a project or a render used: units charged by Kling, seconds
of video, renders done and failed, over a period of days.

A render counts in the period in which it finished, since that is when Kling
charges for it. Only finished videos have units and seconds: a failed render
is counted as failed and costs nothing here. Everything is summed by the
database, in one query per table.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from projects.models import Project, Render, RenderStatus, Team
from projects.usage.periods import Period


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
