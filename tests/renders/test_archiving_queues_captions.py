"""A video archived is a video done; its captions are queued after, on
their own, so that making them can never fail the video."""

from datetime import timedelta

from django.utils import timezone

from projects import tasks
from projects.models import Lease, Render, RenderStatus
from projects.renders import archiving, pump
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


def test_captions_step_aside_while_videos_wait_to_be_saved(make_render, enqueued):
    done = make_render()
    waiting_archive(make_render)
    assert tasks.make_captions(done.pk) == "deferred"
    assert enqueued == [("projects.tasks.make_captions", (done.pk, 1))]
    # Not for ever: after so many turns they are made anyway.
    assert tasks.make_captions(done.pk, tasks.CAPTIONS_MAX_DEFERRALS) == "not-done"


def test_a_video_being_saved_or_stuck_long_ago_does_not_hold_captions_back(
    make_render, enqueued
):
    done = make_render()
    now = timezone.now()
    waiting_archive(make_render, archive_retry_at=now + timedelta(minutes=5))  # a worker has it
    stuck = waiting_archive(make_render)
    Render.objects.filter(pk=stuck.pk).update(provider_done_at=now - timedelta(hours=2))
    assert archiving.archives_waiting() is False
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
