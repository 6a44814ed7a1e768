"""A video archived is a video done; its captions are queued after, on
their own, so that making them can never fail the video."""

from projects.models import RenderStatus
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
