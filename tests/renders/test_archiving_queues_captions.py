"""A video archived is a video done; its captions are queued after, on
their own, so that making them can never fail the video."""

from datetime import timedelta

from django.utils import timezone

from projects import tasks
from projects.models import Lease, Render, RenderStatus
from projects.renders import archiving, pump, submission
from tests.renders.conftest import follow


def test_a_video_archived_queues_its_captions(
    studio_sandbox, make_render, outside, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        render = follow(make_render())
    assert render.status == RenderStatus.DONE
    assert ("projects.tasks.make_captions", (render.pk,)) in enqueued


def test_captions_that_cannot_be_queued_leave_the_video_done(
    studio_sandbox, make_render, outside, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(func, *args, **kwargs):
        if func.endswith("make_captions"):
            raise ConnectionError("the broker is down")

    monkeypatch.setattr("projects.renders.queue.async_task", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        render = follow(make_render())
    assert render.status == RenderStatus.DONE


def waiting_archive(make_render, **fields):
    render = make_render()
    Render.objects.filter(pk=render.pk).update(
        status=RenderStatus.ARCHIVING, provider_done_at=timezone.now(), **fields
    )
    return render


def test_captions_step_aside_while_videos_wait_to_be_saved(
    studio_sandbox, make_render, enqueued, django_capture_on_commit_callbacks
):
    done = make_render()
    waiting = make_render()
    submission.render_submit(render_id=waiting.pk)
    waiting.refresh_from_db()
    Render.objects.filter(pk=waiting.pk).update(
        status=RenderStatus.ARCHIVING,
        provider_done_at=timezone.now(),
        provider_video_url=f"{studio_sandbox.base_url}/_sandbox/health",
    )
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.make_captions(done.pk) == "deferred"
    # This worker tried to save the waiting video first (the address is not a
    # video here, so it will try again later), then queued the captions again.
    waiting.refresh_from_db()
    assert waiting.archive_error
    assert ("projects.tasks.make_captions", (done.pk, 1)) in enqueued
    # Not for ever: after so many turns they are made anyway.
    assert tasks.make_captions(done.pk, tasks.CAPTIONS_MAX_DEFERRALS) == "not-done"


def test_a_video_being_saved_or_stuck_long_ago_does_not_hold_captions_back(make_render, enqueued):
    done = make_render()
    now = timezone.now()
    waiting_archive(make_render, archive_retry_at=now + timedelta(minutes=5))  # a worker has it
    stuck = waiting_archive(make_render)
    Render.objects.filter(pk=stuck.pk).update(provider_done_at=now - timedelta(hours=2))
    assert archiving.waiting_archive() is None
    assert tasks.make_captions(done.pk) == "not-done"  # ran: `done` has no video here
    assert enqueued == []


def test_a_running_pump_is_not_asked_for_again(studio_sandbox, make_render, enqueued):
    assert Lease.acquire(pump.PUMP_LEASE, "another worker", 60)
    render = make_render()
    enqueued.clear()
    assert tasks.submit_render(render.pk) == "submitted"
    assert ("projects.tasks.pump", ()) not in enqueued
    Lease.release(pump.PUMP_LEASE, "another worker")
    second = make_render()
    assert tasks.submit_render(second.pk) == "submitted"
    assert ("projects.tasks.pump", ()) in enqueued
