"""What the django-q2 worker does with renders: submit them to Kling without
ever paying twice, follow them to the end, and hand finished ones to the
archiver. Task functions in ``projects.tasks`` are thin shells over these.

The rule that prevents double charges: a render carries its own
``external_task_id`` from birth. Before any create call we record
``create_sent_at``; from then on, a render whose create outcome is unknown
(timeout, dropped connection, worker killed) is first looked up at Kling by
that id, and created again only when Kling says it has no such task.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from projects.kling import (
    Category,
    KlingClient,
    KlingError,
    KlingInvalidInputError,
    KlingNotFoundError,
    get_client,
)
from projects.kling.types import Task, TaskStatus
from projects.models import (
    IN_FLIGHT,
    STATUS_ORDER,
    ProviderPause,
    Render,
    RenderStatus,
)

log = logging.getLogger(__name__)

PROVIDER_TO_RENDER = {
    TaskStatus.SUBMITTED: RenderStatus.SUBMITTED,
    TaskStatus.PROCESSING: RenderStatus.PROCESSING,
    TaskStatus.SUCCEED: RenderStatus.ARCHIVING,
    TaskStatus.FAILED: RenderStatus.FAILED,
}
PAUSE_RECHECK = timedelta(minutes=1)
ARCHIVE_GRACE = timedelta(seconds=30)


def _now():
    return timezone.now()


def backoff(attempt: int, *, base: float = 2.0, cap: float = 300.0, at_least: float = 1.0):
    """Exponential backoff with full jitter, never under ``at_least`` seconds."""
    return max(at_least, random.uniform(0, min(cap, base * 2 ** max(0, attempt - 1))))


def poll_interval(render: Render) -> timedelta:
    """New tasks are checked soon, long ones less often."""
    age = (_now() - (render.submitted_at or render.created)).total_seconds()
    if age < 60:
        seconds = 3
    elif age < 300:
        seconds = 10
    elif age < 1800:
        seconds = 30
    else:
        seconds = 60
    return timedelta(seconds=seconds)


# --- Provider pause -------------------------------------------------------------


def provider_paused() -> ProviderPause | None:
    return ProviderPause.objects.first()


def _pause_provider(error: KlingError):
    ProviderPause.objects.update_or_create(
        id=1,
        defaults={
            "category": str(error.category),
            "message": error.user_message,
            "last_checked_at": _now(),
        },
    )
    log.warning(
        "Submissions paused: %s (code %s, request %s)", error.category, error.code, error.request_id
    )


def provider_recheck(client: KlingClient | None = None) -> bool:
    """Ask Kling a harmless question; lift the pause when it answers. Returns
    True when submissions may go on."""
    pause = provider_paused()
    if pause is None:
        return True
    if _now() - pause.last_checked_at < PAUSE_RECHECK:
        return False
    client = client or get_client()
    try:
        client.list_tasks(page_num=1, page_size=1)
    except KlingError as error:
        if error.needs_admin:
            ProviderPause.objects.filter(id=1).update(
                last_checked_at=_now(), message=error.user_message
            )
            return False
        # Rate limits, outages: not the reason we paused; try again later.
        ProviderPause.objects.filter(id=1).update(last_checked_at=_now())
        return False
    ProviderPause.objects.filter(id=1).delete()
    log.info("Kling answers again: submissions resume")
    return True


# --- Submitting -----------------------------------------------------------------


def claim_for_submission(render_id: int) -> Render | None:
    """Take a due queued render for this worker. A duplicate delivery of the
    same task (django-q2 is at-least-once) finds nothing to claim."""
    now = _now()
    claimed = Render.objects.filter(
        pk=render_id, status=RenderStatus.QUEUED, next_attempt_at__lte=now
    ).update(status=RenderStatus.SUBMITTING, claimed_at=now)
    if not claimed:
        return None
    return Render.objects.select_related("portrait", "voiceover", "project__team").get(pk=render_id)


def render_submit(*, render_id: int, client: KlingClient | None = None) -> str:
    """Submit one render to Kling. Returns what happened, for logs and tests."""
    if provider_paused() and not provider_recheck(client):
        return "paused"
    render = claim_for_submission(render_id)
    if render is None:
        return "not-claimed"
    client = client or get_client()
    try:
        if render.create_sent_at:
            task = _find_existing_task(client, render)
            if task is not None:
                _adopt(render, task)
                return "adopted"
        if render.script and not render.audio_id:
            _make_speech(client, render)
        Render.objects.filter(pk=render.pk).update(create_sent_at=_now())
        task = client.create_task(
            image=stored_bytes(render.portrait.file),
            sound_file=stored_bytes(render.voiceover.file) if render.voiceover_id else None,
            audio_id=render.audio_id or None,
            prompt=render.prompt,
            mode=render.mode,
            watermark=render.watermark,
            callback_url=callback_url(render),
            external_task_id=render.external_task_id,
        )
    except KlingError as error:
        return _submission_failed(render, error)
    _adopt(render, task)
    return "submitted"


def stored_bytes(field) -> bytes:
    """A stored file's content from whichever storage holds it: files on S3
    have no local path. A missing file fails the render, as a path that
    cannot be read did."""
    try:
        with field.open("rb") as fh:
            return fh.read()
    except OSError:
        raise KlingInvalidInputError(
            "stored file cannot be read",
            user_message="A file of this video is missing from storage. Upload it again.",
        ) from None


def _find_existing_task(client: KlingClient, render: Render) -> Task | None:
    try:
        return client.get_task_by_external_id(render.external_task_id)
    except KlingNotFoundError:
        return None


def _make_speech(client: KlingClient, render: Render):
    audio = client.text_to_speech(
        render.script, voice_id=render.voice_id, voice_language=render.voice_language or "en"
    )
    render.audio_id = audio.id
    render.duration = audio.duration
    Render.objects.filter(pk=render.pk).update(audio_id=audio.id)


def _adopt(render: Render, task: Task):
    now = _now()
    Render.objects.filter(pk=render.pk, status=RenderStatus.SUBMITTING).update(
        task_id=task.task_id,
        status=RenderStatus.SUBMITTED,
        submitted_at=now,
        next_poll_at=now + timedelta(seconds=2),
        claimed_at=None,
    )
    render.refresh_from_db()
    render_apply_task(render=render, task=task)


def _submission_failed(render: Render, error: KlingError) -> str:
    """Decide what a refused or unanswered create means for the render."""
    now = _now()
    log.info(
        "Submission of %s: %s (code %s, request %s, outcome unknown: %s)",
        render.code,
        error.category,
        error.code,
        error.request_id,
        error.outcome_unknown,
    )
    if error.category == Category.CONCURRENCY_LIMITED:
        # Kling is busy with our other renders: wait in the queue, no penalty.
        delay = error.retry_after or random.uniform(10, 20)
        _requeue(render, now + timedelta(seconds=delay), count_attempt=False)
        return "queued-concurrency"
    if error.needs_admin:
        _pause_provider(error)
        _requeue(render, now, count_attempt=False)
        return "paused"
    if error.retryable or error.outcome_unknown:
        attempts = render.submit_attempts + 1
        if attempts >= settings.RENDER_MAX_SUBMIT_ATTEMPTS and not error.outcome_unknown:
            _fail(
                render,
                "Kling did not accept this render after several tries. "
                f"{error.user_message} You can retry it.",
            )
            return "failed"
        delay = max(error.retry_after or 0, backoff(attempts))
        _requeue(render, now + timedelta(seconds=delay), count_attempt=True)
        return "retry"
    _fail(render, error.user_message)
    return "failed"


def _requeue(render: Render, when, *, count_attempt: bool):
    updates = {"status": RenderStatus.QUEUED, "next_attempt_at": when, "claimed_at": None}
    if count_attempt:
        updates["submit_attempts"] = F("submit_attempts") + 1
    Render.objects.filter(pk=render.pk, status=RenderStatus.SUBMITTING).update(**updates)


def _fail(render: Render, reason: str):
    from projects.notify import render_finished

    updated = (
        Render.objects.filter(pk=render.pk)
        .exclude(status__in=[RenderStatus.DONE, RenderStatus.FAILED, RenderStatus.CANCELED])
        .update(
            status=RenderStatus.FAILED, failure_reason=reason, finished_at=_now(), claimed_at=None
        )
    )
    if updated:
        render.refresh_from_db()
        transaction.on_commit(lambda: render_finished(render_id=render.pk))


def callback_url(render: Render) -> str | None:
    if not settings.SITE_URL:
        return None
    path = reverse("kling_callback", args=[render.code, render.callback_token()])
    return settings.SITE_URL + path


# --- Following ------------------------------------------------------------------


def render_apply_task(*, render: Render, task: Task) -> bool:
    """Apply what Kling says about a task. Statuses never go backwards, and
    applying the same answer twice changes nothing. Returns True on a change."""
    if task.external_task_id and task.external_task_id != render.external_task_id:
        log.error("Kling answered for %s about another task; ignored", render.code)
        return False
    new_status = PROVIDER_TO_RENDER.get(task.status)
    if new_status is None or STATUS_ORDER[new_status] <= STATUS_ORDER[render.status]:
        _schedule_next_poll(render)
        return False
    if render.status in (RenderStatus.DONE, RenderStatus.FAILED, RenderStatus.CANCELED):
        return False
    now = _now()
    updates = {"status": new_status, "task_id": task.task_id or render.task_id}
    if new_status == RenderStatus.FAILED:
        _fail(render, task.user_message)
        return True
    if new_status == RenderStatus.ARCHIVING:
        video = task.video
        updates.update(
            provider_done_at=now,
            provider_video_url=video.url if video else "",
            provider_watermark_url=(video.watermark_url or "") if video else "",
            duration=video.duration if video else None,
            units=task.final_unit_deduction,
            next_poll_at=None,
        )
    else:
        updates["next_poll_at"] = now + poll_interval(render)
    changed = Render.objects.filter(pk=render.pk, status=render.status).update(**updates)
    if changed and new_status == RenderStatus.ARCHIVING:
        from projects.tasks import enqueue_archive

        transaction.on_commit(lambda: enqueue_archive(render.pk))
    return bool(changed)


def _schedule_next_poll(render: Render):
    if render.status in IN_FLIGHT:
        Render.objects.filter(pk=render.pk, status=render.status).update(
            next_poll_at=_now() + poll_interval(render), polls=F("polls") + 1
        )


def render_refresh(*, render_id: int, client: KlingClient | None = None) -> bool:
    """Ask Kling about one render and apply the answer (used by callbacks)."""
    render = Render.objects.filter(pk=render_id, status__in=IN_FLIGHT).first()
    if render is None:
        return False
    client = client or get_client()
    try:
        task = (
            client.get_task(render.task_id)
            if render.task_id
            else client.get_task_by_external_id(render.external_task_id)
        )
    except KlingError as error:
        log.info("Refresh of %s failed: %s", render.code, error.category)
        return False
    return render_apply_task(render=render, task=task)


def renders_poll(*, client: KlingClient | None = None, now=None) -> int:
    """Poll every in-flight render that is due. With many due, read Kling's
    list endpoint page by page and fall back to single queries for tasks not
    found there. Returns the number of provider calls made."""
    now = now or _now()
    due = list(
        Render.objects.filter(status__in=IN_FLIGHT, next_poll_at__lte=now).order_by("next_poll_at")
    )
    if not due:
        return 0
    client = client or get_client()
    calls = 0
    remaining = {r.task_id: r for r in due if r.task_id}
    if len(remaining) > settings.RENDER_LIST_POLL_THRESHOLD:
        oldest = min(r.submitted_at or r.created for r in remaining.values())
        page = 1
        while remaining and page <= 1000:
            try:
                result = client.list_tasks(page_num=page, page_size=500)
            except KlingError as error:
                log.info("List poll stopped on page %s: %s", page, error.category)
                break
            calls += 1
            for task in result.tasks:
                render = remaining.pop(task.task_id, None)
                if render is not None:
                    render_apply_task(render=render, task=task)
            last = result.tasks[-1] if result.tasks else None
            if not result.may_have_more or (
                last and last.created_at and last.created_at < oldest - timedelta(minutes=5)
            ):
                break
            page += 1
    for render in list(remaining.values()) + [r for r in due if not r.task_id]:
        try:
            task = (
                client.get_task(render.task_id)
                if render.task_id
                else client.get_task_by_external_id(render.external_task_id)
            )
        except KlingError as error:
            calls += 1
            log.info("Poll of %s: %s", render.code, error.category)
            if error.category == Category.NOT_FOUND:
                _fail(render, "Kling lost track of this render. Retry it to make it again.")
            else:
                _schedule_next_poll(render)
            continue
        calls += 1
        render_apply_task(render=render, task=task)
    _flag_overdue(now)
    return calls


def _flag_overdue(now):
    deadline = now - timedelta(minutes=settings.RENDER_DEADLINE_MINUTES)
    Render.objects.filter(status__in=IN_FLIGHT, submitted_at__lt=deadline, attention="").update(
        attention=f"Kling has been working on this for over {settings.RENDER_DEADLINE_MINUTES} "
        "minutes. It may still finish; if not, retry it."
    )


# --- Sweeping -------------------------------------------------------------------


def due_submissions(now=None) -> list[int]:
    """Renders waiting in the queue whose time has come, including those
    whose worker vanished mid-submission (their claim went stale)."""
    now = now or _now()
    stale_after = timedelta(seconds=settings.RENDER_STALE_CLAIM_SECONDS)
    stale = Render.objects.filter(status=RenderStatus.SUBMITTING, claimed_at__lt=now - stale_after)
    # Put them back in the queue: create_sent_at makes the next attempt ask
    # Kling first, so a task that did get through is adopted, not duplicated.
    stale.update(status=RenderStatus.QUEUED, claimed_at=None, next_attempt_at=now)
    return list(
        Render.objects.filter(status=RenderStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:200]
    )


def due_archives(now=None) -> list[int]:
    """Finished renders whose archive task was lost or failed: the archive
    task enqueued at the transition gets a head start before we step in."""
    from projects.archive import ARCHIVE_RETRY

    now = now or _now()
    return list(
        Render.objects.filter(
            status=RenderStatus.ARCHIVING, provider_done_at__lt=now - ARCHIVE_GRACE
        )
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - ARCHIVE_RETRY))
        .values_list("pk", flat=True)[:50]
    )


def work_remains() -> bool:
    return Render.objects.filter(
        status__in=[
            RenderStatus.QUEUED,
            RenderStatus.SUBMITTING,
            *IN_FLIGHT,
            RenderStatus.ARCHIVING,
        ]
    ).exists()
