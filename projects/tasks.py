"""django-q2 task functions: thin shells that load by id and call a service.

Parameters are ids, never model instances, and never named after a django-q2
option (``hook``, ``group``, ``timeout``...), which django-q2 would swallow.
"""

import logging
import os
import time
import uuid

from django.conf import settings
from django.db import close_old_connections
from django_q.tasks import async_task

from projects import archive, worker
from projects.models import Lease

PUMP_LEASE = "render-pump"

log = logging.getLogger(__name__)


def enqueue_submit(render_id: int):
    async_task("projects.tasks.submit_render", render_id, task_name=f"submit-{render_id}")


def enqueue_archive(render_id: int):
    async_task("projects.tasks.archive_render", render_id, task_name=f"archive-{render_id}")


def enqueue_pump():
    async_task("projects.tasks.pump", task_name="render-pump")


def enqueue_refresh(render_id: int):
    async_task("projects.tasks.refresh_render", render_id)


def submit_render(render_id: int) -> str:
    outcome = worker.render_submit(render_id=render_id)
    if outcome in ("submitted", "adopted"):
        # Start following it now rather than at the next scheduled pump.
        enqueue_pump()
    return outcome


def archive_render(render_id: int) -> str:
    return archive.render_archive(render_id=render_id)


def refresh_render(render_id: int) -> bool:
    return worker.render_refresh(render_id=render_id)


def pump(seconds: float | None = None) -> dict:
    """Run by a schedule every minute: for about RENDER_PUMP_SECONDS, submit
    due renders, poll the ones in flight and archive finished ones, pausing a
    second between rounds. This gives second-level reaction times although
    django-q2 schedules only run once a minute, and it is what recovers
    renders whose task the broker lost."""
    seconds = settings.RENDER_PUMP_SECONDS if seconds is None else seconds
    holder = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    # One pump at a time across all workers: two would poll the same tasks.
    if not Lease.acquire(PUMP_LEASE, holder, seconds + 30):
        return {"skipped": True}
    try:
        totals = _pump_rounds(seconds)
    finally:
        Lease.release(PUMP_LEASE, holder)
    if worker.work_remains():
        # Hand over to a fresh pump rather than wait for the schedule.
        enqueue_pump()
    return totals


def _pump_rounds(seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    totals = {"submitted": 0, "polls": 0, "archived": 0}

    def time_left():
        return time.monotonic() < deadline

    while True:
        for render_id in worker.due_submissions():
            if not time_left():
                break
            if worker.render_submit(render_id=render_id) in ("submitted", "adopted"):
                totals["submitted"] += 1
        if time_left():
            totals["polls"] += worker.renders_poll()
        for render_id in worker.due_archives():
            if not time_left():
                break
            if archive.render_archive(render_id=render_id) == "done":
                totals["archived"] += 1
        archive.flag_archives_at_risk()
        if time.monotonic() + 1 >= deadline or not worker.work_remains():
            return totals
        close_old_connections()
        time.sleep(1)
