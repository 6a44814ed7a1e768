"""Monthly budgets: how many units a team, or one of its projects, may use in
a calendar month (the site's time zone), what it used, and what is left.

Spent this month = the units Kling charged for the videos that finished this
month + the units of the renders Kling has or may have (being sent, made or
saved): Kling's own figure once it gives one, our estimate until then. That
is what the worker's check counts when it claims a render
(``projects/renders/holds.py``). Pages count the renders waiting in the
queue as well, so that "left" is what a new video can still use. Held
renders count for nothing until they go on; failed ones cost nothing.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from projects.audit.log import audit, project_target
from projects.kling import limits
from projects.models import AuditKind, Budget, Project, Render, RenderStatus, Team, User
from projects.usage.money import cost_words, money
from projects.usage.periods import Period, Preset

ZERO = Decimal(0)


def month_start(now: datetime) -> datetime:
    """The first moment of ``now``'s month, in the site's time zone."""
    return Period.of(Preset.THIS_MONTH, timezone.localdate(now)).bounds()[0]


def estimate(render: Render) -> Decimal:
    """A render's units for a budget: Kling's figure once it gave one, else
    the estimate (a Kling voice's script by its length); a voiceover of
    unknown length counts as the longest Kling takes."""
    if render.units is not None:
        return render.units
    units = render.estimated_units()
    if units is None:
        units = limits.estimated_units(limits.VOICEOVER_MAX_SECONDS, render.mode)
    return Decimal(str(units))


def sum_estimates(renders: QuerySet) -> Decimal:
    rows = renders.select_related("voiceover").only(
        "units", "mode", "script", "voiceover_id", "voiceover__duration"
    )
    return sum((estimate(r) for r in rows), ZERO)


def budgets_of(project: Project) -> QuerySet:
    """The budgets a render of ``project`` must fit in: its team's and its own."""
    return Budget.objects.filter(team_id=project.team_id).filter(
        Q(project__isnull=True) | Q(project_id=project.pk)
    )


def renders_of(budget: Budget) -> QuerySet:
    if budget.project_id:
        return Render.objects.filter(project_id=budget.project_id)
    return Render.objects.filter(project__team_id=budget.team_id)


def spent(budget: Budget, now: datetime, *, exclude: int | None = None) -> Decimal:
    """Finished this month, and with Kling now (the render ``exclude`` aside)."""
    renders = renders_of(budget)
    finished = renders.filter(
        status=RenderStatus.DONE, finished_at__gte=month_start(now)
    ).aggregate(units_charged=Sum("units", default=ZERO))["units_charged"]
    return finished + sum_estimates(renders.with_kling().exclude(pk=exclude))


def over_budget(render: Render, now: datetime) -> Budget | None:
    """The budget ``render`` would go over if Kling made it now, or None.

    Call it inside the transaction that claims the render: it locks the
    budgets first (SELECT ... FOR UPDATE), so that a second worker's check
    waits for this claim and then counts this render."""
    units = estimate(render)
    for budget in budgets_of(render.project).select_for_update().order_by("pk"):
        if spent(budget, now, exclude=render.pk) + units > budget.monthly_units:
            return budget
    return None


@dataclass
class Standing:
    """Where a budget stands this month, for the pages."""

    budget: Budget
    spent: Decimal
    queued: Decimal
    held: int

    @property
    def limit(self) -> int:
        return self.budget.monthly_units

    @property
    def used(self) -> Decimal:
        return self.spent + self.queued

    @property
    def left(self) -> Decimal:
        return max(Decimal(self.limit) - self.used, ZERO)

    @property
    def whose(self) -> str:
        return "the project" if self.budget.project_id else "the team"

    @property
    def line(self) -> str:
        """ "Left this month: 120 units (≈ €30.00) of the team's monthly budget of 500 units." """
        return (
            f"Left this month: {cost_words(self.left)} of {self.whose}'s monthly budget "
            f"of {self.limit} units."
        )

    def for_browser(self) -> dict:
        return {
            "scope": "project" if self.budget.project_id else "team",
            "limitUnits": self.limit,
            "usedUnits": float(self.used),
            "leftUnits": float(self.left),
            "leftMoney": money(self.left),
            "heldVideos": self.held,
            "line": self.line,
        }


def standing(budget: Budget, now: datetime) -> Standing:
    renders = renders_of(budget)
    waiting = renders.filter(status=RenderStatus.QUEUED, create_sent_at__isnull=True)
    return Standing(
        budget=budget,
        spent=spent(budget, now),
        queued=sum_estimates(waiting),
        held=renders.filter(status=RenderStatus.HELD).count(),
    )


def standings(project: Project, now: datetime) -> list[Standing]:
    """The project's budget and its team's, as they stand (the project's first)."""
    found = sorted(budgets_of(project), key=lambda budget: budget.project_id is None)
    return [standing(budget, now) for budget in found]


def tightest(project: Project, now: datetime) -> Standing | None:
    """The budget with the least left for a new video of ``project``."""
    found = standings(project, now)
    return min(found, key=lambda s: s.left) if found else None


def blocking(project: Project, units: Decimal, now: datetime) -> Standing | None:
    """The budget that ``units`` more would go over (the project's first),
    else the tightest: what a banner names."""
    found = standings(project, now)
    for s in found:
        if s.spent + units > s.limit:
            return s
    return min(found, key=lambda s: s.left) if found else None


@dataclass
class HoldNotice:
    """Why videos wait, in words, and which budget ("team", "project", or
    "" once removed) an owner would change."""

    text: str
    scope: str


def hold_notice(render: Render, now: datetime) -> HoldNotice:
    """The banner of a held render's page."""
    return held_notice(render.project, 1, estimate(render), now)


def held_notice(project: Project, count: int, units: Decimal, now: datetime) -> HoldNotice:
    """Why ``count`` videos of ``project`` wait, and what an owner can do."""
    subject = "This video waits" if count == 1 else f"{count} videos wait"
    them = "it" if count == 1 else "them"
    s = blocking(project, units, now)
    if s is None:
        return HoldNotice(f"{subject} for a budget that was removed: {them} go on soon.", "")
    verb = "it would" if count == 1 else "they would"
    text = (
        f"{subject}: {verb} take {s.whose} over its monthly budget of {s.limit} units. "
        f"An owner can release {them} or raise the budget."
    )
    return HoldNotice(text, "project" if s.budget.project_id else "team")


def held_banner(project: Project, now: datetime, count: int | None = None) -> HoldNotice | None:
    """The project page's banner while some of its videos wait. ``count``:
    how many wait, when the caller has counted them already."""
    held = Render.objects.filter(project=project, status=RenderStatus.HELD)
    count = held.count() if count is None else count
    if not count:
        return None
    first = held.select_related("voiceover").order_by("created").first()
    return held_notice(project, count, estimate(first), now)


@transaction.atomic
def set_budget(*, team: Team, project: Project | None, units: int | None, by: User) -> None:
    """Set (or, with ``units`` None, remove) the team's or a project's budget."""
    if project is not None and project.team_id != team.pk:
        raise ValueError("The project is not the team's.")
    old = Budget.objects.filter(team=team, project=project).values_list("monthly_units", flat=True)
    before, after = (f"{n:,} units" if n is not None else "none" for n in (old.first(), units))
    if before != after:
        audit(
            team,
            AuditKind.BUDGET_CHANGED,
            user=by,
            project=project,
            target=project_target(project) if project else f"“{team.name}” (team)",
            target_code=project.code if project else team.code,
            summary=f"Monthly budget: {before} → {after}",
        )
    if units is None:
        Budget.objects.filter(team=team, project=project).delete()
        return
    Budget.objects.update_or_create(
        team=team,
        project=project,
        defaults={"monthly_units": units, "updated_by": by, "updated": timezone.now()},
    )
