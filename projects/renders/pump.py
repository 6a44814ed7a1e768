"""The render pump: one loop that submits due renders, polls the ones in
flight and archives finished ones, for about a minute at a time.

django-q2 schedules run at most once a minute; the pump gives second-level
reaction times in between, and it is what recovers renders whose task the
broker lost (Redis does not re-deliver). One pump runs at a time across all
workers, under a lease in the database: two would poll the same tasks.
"""

import os
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from projects.models import Lease, Render
from projects.renders.archiving import ARCHIVE_GRACE, flag_archives_at_risk, render_archive
from projects.renders.following import renders_poll
from projects.renders.holds import resume_held
from projects.renders.queue import enqueue_pump
from projects.renders.submission import render_submit

PUMP_LEASE = "render-pump"
# A round done by a worker between two tasks (pump_between_tasks).
BETWEEN_TASKS_SECONDS = 1.0


def due_submissions(now=None) -> list[int]:
    """Renders waiting in the queue whose time has come, including those
    whose worker vanished mid-submission (their claim went stale)."""
    now = now or timezone.now()
    Render.objects.release_stale_claims(
        now, stale_after=timedelta(seconds=settings.RENDER_STALE_CLAIM_SECONDS)
    )
    return list(Render.objects.due_for_submission(now).values_list("pk", flat=True)[:200])


def due_archives(now=None) -> list[int]:
    """Finished renders whose archive task was lost or failed: the archive
    task enqueued at the transition gets a head start before we step in."""
    now = now or timezone.now()
    return list(
        Render.objects.due_for_archive(now, grace=ARCHIVE_GRACE).values_list("pk", flat=True)[:50]
    )


def pump_running() -> bool:
    """A pump holds the lease: what it would be asked to do, it does."""
    return Lease.objects.filter(name=PUMP_LEASE, expires_at__gt=timezone.now()).exists()


def work_remains() -> bool:
    """Held renders wait for a person or a budget: the minute schedule looks at them."""
    return Render.objects.active().exists()


def pump(seconds: float | None = None, *, hand_over: bool = True) -> dict:
    """Pump for about ``seconds`` (RENDER_PUMP_SECONDS by default), then hand
    over to a fresh pump task while work remains."""
    seconds = settings.RENDER_PUMP_SECONDS if seconds is None else seconds
    holder = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    if not Lease.acquire(PUMP_LEASE, holder, seconds + 30):
        return {"skipped": True}
    try:
        # Held renders whose budget now allows them go back in the queue.
        resume_held()
        totals = _pump_rounds(seconds)
    finally:
        Lease.release(PUMP_LEASE, holder)
    if hand_over and work_remains():
        # Hand over to a fresh pump rather than wait for the schedule.
        enqueue_pump()
    return totals


def pump_between_tasks() -> dict:
    """The pump is a task like the others: behind a long queue of archives it
    would wait, and with it every render waiting for a slot Kling just freed.
    So a worker that has saved a video does one round itself (about a
    second) when no pump holds the lease."""
    if pump_running() or not work_remains():
        return {"skipped": True}
    return pump(BETWEEN_TASKS_SECONDS, hand_over=False)


def _pump_rounds(seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    totals = {"submitted": 0, "polls": 0, "archived": 0}

    def time_left():
        return time.monotonic() < deadline

    while True:
        for render_id in due_submissions():
            if not time_left():
                break
            outcome = render_submit(render_id=render_id)
            if outcome in ("submitted", "adopted"):
                totals["submitted"] += 1
            elif outcome == "waiting-for-slot":
                break  # Kling is full: the rest wait for a slot too
        if time_left():
            totals["polls"] += renders_poll()
        for render_id in due_archives():
            if not time_left():
                break
            if render_archive(render_id=render_id) == "done":
                totals["archived"] += 1
        flag_archives_at_risk()
        if time.monotonic() + 1 >= deadline or not work_remains():
            return totals
        close_old_connections()
        time.sleep(1)
