"""Submitting a render to Kling without ever paying twice.

The rule that prevents double charges: a render carries its own
``external_task_id`` from birth. Before any create call we record
``create_sent_at``; from then on, a render whose create outcome is unknown
(timeout, dropped connection, worker killed) is first looked up at Kling by
that id, and created again only when Kling says it has no such task.

Nor over a budget: the claim checks the team's and the project's monthly
budgets under a lock, and a render that would go over waits, held
(``projects/renders/holds.py``).
"""

import logging
from datetime import timedelta

from django.conf import settings
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
from projects.kling.retry import retry_delay
from projects.kling.types import Task
from projects.models import Render
from projects.renders.following import fail_render, render_apply_task
from projects.renders.holds import claim_within_budget
from projects.renders.pause import pause_provider, provider_paused, provider_recheck
from projects.renders.schedule import next_poll_at
from projects.renders.slots import created, give_back, kling_full, take_slot

log = logging.getLogger(__name__)


def render_submit(*, render_id: int, client: KlingClient | None = None) -> str:
    """Submit one render to Kling. Returns what happened, for logs and tests."""
    if provider_paused() and not provider_recheck(client):
        return "paused"
    # Back-pressure once Kling has said it is full (``slots.py``).
    slot = take_slot()
    if slot is None:
        return "waiting-for-slot"
    render, claim = claim_within_budget(render_id, timezone.now())
    if render is None:
        give_back(slot)
        return claim
    client = client or get_client()
    sent_before = render.create_sent_at is not None
    try:
        if sent_before:
            task = _find_existing_task(client, render)
            if task is not None:
                give_back(slot)
                _adopt(render, task)
                return "adopted"
        if render.script and not render.audio_id:
            audio = client.text_to_speech(
                render.script,
                voice_id=render.voice_id,
                voice_language=render.voice_language or "en",
            )
            if not render.record_speech(audio.id):
                return "not-claimed"
        # Both guards fail only if our claim was released as stale meanwhile:
        # then another worker owns the render and must make the only create.
        if not render.mark_create_sent(timezone.now()):
            return "not-claimed"
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
        return _submission_failed(render, error, sent_before=sent_before)
    created(slot)
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


def callback_url(render: Render) -> str | None:
    if not settings.SITE_URL:
        return None
    path = reverse("kling_callback", args=[render.code, render.callback_token()])
    return settings.SITE_URL + path


def _find_existing_task(client: KlingClient, render: Render) -> Task | None:
    try:
        return client.get_task_by_external_id(render.external_task_id)
    except KlingNotFoundError:
        return None


def _adopt(render: Render, task: Task):
    now = timezone.now()
    render.submitted_at = now
    render.mark_submitted(task.task_id, now, first_poll_at=next_poll_at(render, now))
    render.refresh_from_db()
    render_apply_task(render=render, task=task)


def _submission_failed(render: Render, error: KlingError, *, sent_before: bool) -> str:
    """Decide what a refused or unanswered create means for the render."""
    now = timezone.now()
    log.info(
        "Submission of %s: %s (code %s, request %s, outcome unknown: %s)",
        render.code,
        error.category,
        error.code,
        error.request_id,
        error.outcome_unknown,
    )
    if error.category == Category.CONCURRENCY_LIMITED:
        # Kling is busy with our other renders: wait in the queue for a slot
        # to free (``slots.py`` says when), no penalty. Kling said no to the
        # only create ever sent: no task to look up before the next one.
        render.requeue(now, count_attempt=False, refused=not (sent_before or error.outcome_unknown))
        kling_full(now)
        return "queued-concurrency"
    if error.needs_admin:
        pause_provider(error)
        render.requeue(now, count_attempt=False)
        return "paused"
    if error.retryable or error.outcome_unknown:
        attempts = render.submit_attempts + 1
        if attempts >= settings.RENDER_MAX_SUBMIT_ATTEMPTS and not error.outcome_unknown:
            fail_render(
                render,
                "Kling did not accept this render after several tries. "
                f"{error.user_message} You can retry it.",
            )
            return "failed"
        delay = retry_delay(attempts - 1, error)
        render.requeue(now + timedelta(seconds=delay), count_attempt=True)
        return "retry"
    fail_render(render, error.user_message)
    return "failed"
