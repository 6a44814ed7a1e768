"""Following renders at Kling until they end: apply what Kling says about a
task (from a poll, a list page or a callback's refresh), poll the renders in
flight that are due, and flag the ones that take too long."""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from projects.kling import Category, KlingClient, KlingError, get_client, limits
from projects.kling.types import Task, TaskStatus
from projects.models import STATUS_ORDER, Render, RenderStatus
from projects.renders.notify import render_finished
from projects.renders.queue import enqueue_archive
from projects.renders.schedule import next_poll_at

log = logging.getLogger(__name__)

# Seconds between two pages of one list read: at most two list calls a second.
LIST_PAGE_GAP = 0.5

PROVIDER_TO_RENDER = {
    TaskStatus.SUBMITTED: RenderStatus.SUBMITTED,
    TaskStatus.PROCESSING: RenderStatus.PROCESSING,
    TaskStatus.SUCCEED: RenderStatus.ARCHIVING,
    TaskStatus.FAILED: RenderStatus.FAILED,
}


def fail_render(render: Render, reason: str) -> bool:
    """End a render as failed and tell the person who made it."""
    if not render.mark_failed(reason, timezone.now()):
        return False
    render.refresh_from_db()
    transaction.on_commit(lambda: render_finished(render_id=render.pk))
    return True


def render_apply_task(*, render: Render, task: Task) -> bool:
    """Apply what Kling says about a task. Statuses never go backwards, and
    applying the same answer twice changes nothing. Returns True on a change."""
    if task.external_task_id and task.external_task_id != render.external_task_id:
        log.error("Kling answered for %s about another task; ignored", render.code)
        return False
    new_status = PROVIDER_TO_RENDER.get(task.status)
    if new_status is None or STATUS_ORDER[new_status] <= STATUS_ORDER[render.status]:
        render.schedule_poll(next_poll_at(render))
        return False
    if render.is_finished:
        return False
    if new_status == RenderStatus.FAILED:
        fail_render(render, task.user_message)
        return True
    now = timezone.now()
    if new_status == RenderStatus.PROCESSING:
        return render.mark_processing(task.task_id, next_poll_at=next_poll_at(render, now))
    if new_status != RenderStatus.ARCHIVING:
        # SUBMITTED seen by an instance read before the render was submitted.
        render.schedule_poll(next_poll_at(render, now))
        return False
    video = task.video
    made = render.mark_made(
        task.task_id,
        now,
        video_url=video.url if video else "",
        watermark_url=(video.watermark_url or "") if video else "",
        duration=video.duration if video else None,
        units=task.final_unit_deduction,
    )
    if made:
        transaction.on_commit(lambda: enqueue_archive(render.pk))
    return made


def _ask(client: KlingClient, render: Render) -> Task:
    if render.task_id:
        return client.get_task(render.task_id)
    return client.get_task_by_external_id(render.external_task_id)


def render_refresh(*, render_id: int, client: KlingClient | None = None) -> bool:
    """Ask Kling about one render and apply the answer (used by callbacks)."""
    render = Render.objects.in_flight().filter(pk=render_id).first()
    if render is None:
        return False
    client = client or get_client()
    try:
        task = _ask(client, render)
    except KlingError as error:
        log.info("Refresh of %s failed: %s", render.code, error.category)
        return False
    return render_apply_task(render=render, task=task)


def renders_poll(*, client: KlingClient | None = None, now=None) -> int:
    """Poll every in-flight render that is due (``schedule.py`` says when).
    With more than ``RENDER_LIST_POLL_THRESHOLD`` in flight, one read of
    Kling's list endpoint answers for all of them: due renders are applied
    and rescheduled, the others only if their task moved on; due renders
    not found there are queried one by one. Returns the provider calls made."""
    now = now or timezone.now()
    due = list(Render.objects.due_for_poll(now).select_related("voiceover"))
    if not due:
        return 0
    client = client or get_client()
    calls = 0
    singles = due
    if Render.objects.in_flight().count() > settings.RENDER_LIST_POLL_THRESHOLD:
        found, calls = _poll_by_list(client, {r.pk for r in due})
        singles = [r for r in due if r.pk not in found]
        # The read was a look at every render it found: none needs another
        # sooner than the shortest wait, so list reads come at most that often.
        floor = timezone.now() + timedelta(seconds=shortest_wait())
        Render.objects.in_flight().filter(pk__in=found, next_poll_at__lt=floor).update(
            next_poll_at=floor
        )
    for render in singles:
        calls += 1
        try:
            task = _ask(client, render)
        except KlingError as error:
            log.info("Poll of %s: %s", render.code, error.category)
            if error.category == Category.NOT_FOUND:
                fail_render(render, "Kling lost track of this render. Retry it to make it again.")
            else:
                wait = (next_poll_at(render) - timezone.now()).total_seconds()
                wait = max(wait, error.retry_delay(0) or 0)
                render.schedule_poll(timezone.now() + timedelta(seconds=wait))
            continue
        render_apply_task(render=render, task=task)
    Render.objects.flag_overdue(now, minutes=settings.RENDER_DEADLINE_MINUTES)
    return calls


def shortest_wait() -> float:
    """Seconds before a render just looked at is looked at again, at the soonest."""
    if settings.SITE_URL:
        return settings.RENDER_SAFETY_POLL_SECONDS
    return settings.RENDER_POLL_MIN_SECONDS


def moved_on(render: Render, task: Task) -> bool:
    """Kling's answer is news for this render: its status is further along."""
    new_status = PROVIDER_TO_RENDER.get(task.status)
    return new_status is not None and STATUS_ORDER[new_status] > STATUS_ORDER[render.status]


def _poll_by_list(client: KlingClient, due: set[int]) -> tuple[set[int], int]:
    """Read Kling's task list, newest first, until every render in flight is
    found or the pages are older than the oldest of them. Returns the renders
    found and the calls made."""
    remaining = {
        r.task_id: r for r in Render.objects.in_flight().select_related("voiceover") if r.task_id
    }
    found, calls, page = set(), 0, 1
    if not remaining:
        return found, calls
    oldest = min(r.submitted_at or r.created for r in remaining.values())
    while remaining and page <= limits.MAX_PAGE_NUM:
        try:
            result = client.list_tasks(page_num=page, page_size=limits.MAX_PAGE_SIZE)
        except KlingError as error:
            log.info("List poll stopped on page %s: %s", page, error.category)
            break
        calls += 1
        for task in result.tasks:
            render = remaining.pop(task.task_id, None)
            if render is None:
                continue
            found.add(render.pk)
            if render.pk in due or moved_on(render, task):
                render_apply_task(render=render, task=task)
        last = result.tasks[-1] if result.tasks else None
        if not result.may_have_more or (
            last and last.created_at and last.created_at < oldest - timedelta(minutes=5)
        ):
            break
        page += 1
        # Kling limits requests per second: pages of a long list are spread out.
        time.sleep(LIST_PAGE_GAP)
    return found, calls
