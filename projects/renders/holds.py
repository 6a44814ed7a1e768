"""Renders that would take a team, or a project, over its monthly budget wait
as "Over budget" (``held``) instead of going to Kling.

The worker checks the budget in the transaction that claims the render,
holding a lock on the budget rows (``projects/usage/budgets.py``): a second
worker claiming a render of the same team waits for the first claim to
commit, then counts that render, so two workers never overspend together.

A held render goes on when an owner releases it (it is then sent even over
the budget) or, by itself, when the budget allows it: the pump looks at held
renders at the start of each run, and saving a budget looks at once.
"""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from projects.audit.log import audit, render_target
from projects.models import AuditKind, Render, RenderStatus, Team, User, WebhookEvent
from projects.renders.queue import enqueue_submit
from projects.usage import budgets
from projects.webhooks.events import announce


def claim_within_budget(render_id: int, now: datetime) -> tuple[Render | None, str]:
    """QUEUED → SUBMITTING if the render fits in its budgets (or an owner
    released it, or Kling may have it already), else QUEUED → HELD. Returns
    the claimed render, or None with "held" or "not-claimed"."""
    with transaction.atomic():
        render = (
            Render.objects.due_for_submission(now)
            .filter(pk=render_id)
            .select_related("project", "voiceover")
            .first()
        )
        if render is None:
            return None, "not-claimed"
        # A render whose create may have reached Kling is looked up, not held:
        # its units were counted when it was first claimed.
        checked = render.budget_released_at is None and render.create_sent_at is None
        over = budgets.over_budget(render, now) if checked else None
        if over is not None:
            if not render.hold_over_budget():
                return None, "not-claimed"
            announce(WebhookEvent.BUDGET_REACHED, over.team, render=render, budget=over)
            return None, "held"
        claimed = Render.objects.claim_for_submission(render_id, now)
    return claimed, "claimed" if claimed else "not-claimed"


@transaction.atomic
def release_held(*, render: Render, by: User) -> bool:
    """An owner lets a held render go over the budget: it is sent now."""
    if not render.unhold(timezone.now(), released_by=by):
        return False
    audit(
        render.project.team,
        AuditKind.RENDER_RELEASED,
        user=by,
        project=render.project,
        target=render_target(render),
        target_code=render.code,
        summary="Sent to Kling even over the budget",
    )
    render_id = render.pk
    transaction.on_commit(lambda: enqueue_submit(render_id))
    return True


@transaction.atomic
def resume_held(now: datetime | None = None, *, team: Team | None = None) -> int:
    """HELD → QUEUED for the held renders that now fit in their budgets,
    oldest first, counting the ones already waiting in the queue. The claim
    checks again under its lock. Returns how many went on."""
    now = now or timezone.now()
    held = Render.objects.filter(status=RenderStatus.HELD).select_related(
        "project__team", "voiceover"
    )
    if team is not None:
        held = held.filter(project__team=team)
    room: dict[int, Decimal] = {}
    resumed = []
    for render in held.order_by("created"):
        applying = list(budgets.budgets_of(render.project))
        for budget in applying:
            if budget.pk not in room:
                standing = budgets.standing(budget, now)
                room[budget.pk] = Decimal(standing.limit) - standing.used
        units = budgets.estimate(render)
        if all(room[b.pk] >= units for b in applying) and render.unhold(now):
            for budget in applying:
                room[budget.pk] -= units
            resumed.append(render.pk)
            audit(
                render.project.team,
                AuditKind.RENDER_RELEASED,
                project=render.project,
                target=render_target(render),
                target_code=render.code,
                summary="Sent by itself: the budget allows it now",
            )
    transaction.on_commit(lambda: [enqueue_submit(pk) for pk in resumed])
    return len(resumed)
