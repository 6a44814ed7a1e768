"""Submitting renders to Kling (the sandbox, over real HTTP) never charges twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.models import ProviderPause, Render, RenderStatus
from projects.renders import pump, submission
from tests.factories import portrait_asset


def created(sandbox, render):
    return [
        c
        for c in sandbox.creates()
        if c["external_task_id"] == render.external_task_id and c["outcome"] == "created"
    ]


def test_a_render_is_submitted_with_its_own_external_task_id(studio_sandbox, make_render):
    render = make_render(prompt="smiles", mode="pro")
    assert submission.render_submit(render_id=render.pk) == "submitted"
    render.refresh_from_db()
    assert render.status == RenderStatus.SUBMITTED
    assert render.task_id
    assert render.external_task_id.startswith("avs-")
    assert len(created(studio_sandbox, render)) == 1


def test_a_task_delivered_twice_submits_once(studio_sandbox, make_render):
    render = make_render()
    assert submission.render_submit(render_id=render.pk) == "submitted"
    assert submission.render_submit(render_id=render.pk) == "not-claimed"
    assert len(studio_sandbox.creates()) == 1


def test_a_dropped_connection_after_create_is_adopted_not_recreated(studio_sandbox, make_render):
    studio_sandbox.configure(drop_after_create_next=1)
    render = make_render()
    assert submission.render_submit(render_id=render.pk) == "retry"
    render.refresh_from_db()
    assert render.status == RenderStatus.QUEUED
    assert render.create_sent_at is not None
    Render.objects.filter(pk=render.pk).update(next_attempt_at=timezone.now())
    assert submission.render_submit(render_id=render.pk) == "adopted"
    render.refresh_from_db()
    assert render.status in (RenderStatus.SUBMITTED, RenderStatus.PROCESSING)
    creates = [
        c for c in studio_sandbox.creates() if c["external_task_id"] == render.external_task_id
    ]
    assert len(creates) == 1


def test_a_worker_killed_mid_submission_is_swept_and_not_charged_twice(
    studio_sandbox, make_render, settings
):
    render = make_render()
    assert submission.render_submit(render_id=render.pk) == "submitted"
    # Simulate a worker that died after its create reached Kling but before
    # it saved the answer: the render is left claimed, half-submitted.
    Render.objects.filter(pk=render.pk).update(
        status=RenderStatus.SUBMITTING,
        task_id="",
        claimed_at=timezone.now() - timedelta(seconds=settings.RENDER_STALE_CLAIM_SECONDS + 1),
    )
    assert pump.due_submissions() == [render.pk]
    assert submission.render_submit(render_id=render.pk) == "adopted"
    assert len(studio_sandbox.creates()) == 1


def test_concurrency_limit_keeps_the_render_queued_without_penalty(
    studio_sandbox, make_render, team
):
    studio_sandbox.configure(concurrency_limit=1, task_min_seconds=30, task_max_seconds=30)
    first = make_render()
    second = make_render(portrait=portrait_asset(team, colour=(10, 200, 10)))
    assert submission.render_submit(render_id=first.pk) == "submitted"
    assert submission.render_submit(render_id=second.pk) == "queued-concurrency"
    second.refresh_from_db()
    assert second.status == RenderStatus.QUEUED
    assert second.submit_attempts == 0
    # Due again at once: the slots (tests/renders/test_back_pressure.py) say when.
    assert second.next_attempt_at <= timezone.now()


def test_rate_limit_backs_off_at_least_as_long_as_retry_after(studio_sandbox, make_render):
    studio_sandbox.configure(rate_limit_next=1, retry_after=7)
    render = make_render()
    before = timezone.now()
    assert submission.render_submit(render_id=render.pk) == "retry"
    render.refresh_from_db()
    assert render.status == RenderStatus.QUEUED
    assert render.submit_attempts == 1
    assert render.next_attempt_at >= before + timedelta(seconds=7)


def test_a_server_error_on_create_asks_kling_before_creating_again(studio_sandbox, make_render):
    studio_sandbox.configure(error_next=1, error_codes=[5000])
    render = make_render()
    assert submission.render_submit(render_id=render.pk) == "retry"
    Render.objects.filter(pk=render.pk).update(next_attempt_at=timezone.now())
    assert submission.render_submit(render_id=render.pk) in ("submitted", "adopted")
    assert len(created(studio_sandbox, render)) == 1


def test_an_input_kling_refuses_fails_the_render_in_plain_words(studio_sandbox, make_render, team):
    # A portrait our upload checks would never let through, stored directly.
    tiny = portrait_asset(team, width=200, height=200)
    render = make_render(portrait=tiny)
    assert submission.render_submit(render_id=render.pk) == "failed"
    render.refresh_from_db()
    assert render.status == RenderStatus.FAILED
    assert "Kling" in render.failure_reason
    assert "1201" not in render.failure_reason


def test_wrong_keys_pause_all_submissions_until_fixed(studio_sandbox, make_render, settings):
    settings.KLING_SECRET_KEY = "not-the-secret"
    render = make_render()
    assert submission.render_submit(render_id=render.pk) == "paused"
    render.refresh_from_db()
    assert render.status == RenderStatus.QUEUED
    assert ProviderPause.objects.exists()
    # While paused, nothing is sent.
    assert submission.render_submit(render_id=render.pk) == "paused"
    assert studio_sandbox.creates()[-1]["outcome"] == "rejected"
    count = len(studio_sandbox.creates())
    # Fixed keys: the next check (a minute later) lifts the pause.
    settings.KLING_SECRET_KEY = studio_sandbox.secret_key
    ProviderPause.objects.update(last_checked_at=timezone.now() - timedelta(minutes=2))
    assert submission.render_submit(render_id=render.pk) == "submitted"
    assert not ProviderPause.objects.exists()
    assert len(studio_sandbox.creates()) == count + 1


def test_transient_errors_end_in_a_failure_after_bounded_attempts(
    studio_sandbox, make_render, settings
):
    settings.RENDER_MAX_SUBMIT_ATTEMPTS = 2
    studio_sandbox.configure(rate_limit_share=1.0)
    render = make_render()
    assert submission.render_submit(render_id=render.pk) == "retry"
    Render.objects.filter(pk=render.pk).update(next_attempt_at=timezone.now())
    assert submission.render_submit(render_id=render.pk) == "failed"
    render.refresh_from_db()
    assert "You can retry it" in render.failure_reason


@pytest.mark.parametrize("status", [RenderStatus.CANCELED, RenderStatus.DONE])
def test_only_queued_renders_are_claimed(studio_sandbox, make_render, status):
    render = make_render()
    Render.objects.filter(pk=render.pk).update(status=status)
    assert submission.render_submit(render_id=render.pk) == "not-claimed"
    assert studio_sandbox.creates() == []
