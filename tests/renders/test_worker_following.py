"""Following renders at Kling until their video is archived here."""

import subprocess
from datetime import timedelta
from decimal import Decimal

import imageio_ffmpeg
from django.core import mail
from django.utils import timezone

from projects.kling import get_client
from projects.kling.types import Task, TaskStatus
from projects.models import Notice, Render, RenderStatus
from projects.renders import following, submission
from projects.renders.archiving import probe_video
from tests.factories import portrait_asset
from tests.renders.conftest import follow


def test_a_render_ends_done_with_a_playable_archived_video(
    studio_sandbox, make_render, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        render = follow(make_render(watermark=True))
    assert render.status == RenderStatus.DONE
    assert render.video and render.watermarked_video and render.poster
    facts = probe_video(render.video.path)
    assert abs(facts["duration"] - 3.0) < 0.3
    assert facts["has_audio"]
    # What Kling charged, about 3 s × 0.4 units in std, as it reported it.
    assert abs(render.units - Decimal("1.2")) < Decimal("0.05")
    assert abs(render.duration - 3.0) < 0.2
    assert render.finished_at and render.submitted_at
    # The person who made it is told, in the app and by e-mail.
    assert Notice.objects.get(user=alice).message.endswith("is ready.")
    assert mail.outbox[-1].to == ["alice@example.org"]


def test_the_archived_video_survives_kling_deleting_its_copy(studio_sandbox, make_render):
    render = follow(make_render())
    studio_sandbox.configure(retention_seconds=0)
    assert render.video.open("rb").read(8)[4:8] == b"ftyp"


def test_a_failed_task_fails_the_render_with_kling_reason(
    studio_sandbox, make_render, alice, django_capture_on_commit_callbacks
):
    studio_sandbox.configure(fail_next=1, fail_messages=["Image pixel is invalid"])
    with django_capture_on_commit_callbacks(execute=True):
        render = follow(make_render())
    assert render.status == RenderStatus.FAILED
    assert "Image pixel is invalid" in render.failure_reason
    assert "could not be made" in Notice.objects.get(user=alice).message


def test_a_status_never_goes_backwards(studio_sandbox, make_render):
    render = make_render()
    Render.objects.filter(pk=render.pk).update(status=RenderStatus.ARCHIVING, task_id="t1")
    render.refresh_from_db()
    stale = Task(
        task_id="t1", status=TaskStatus.PROCESSING, external_task_id=render.external_task_id
    )
    assert following.render_apply_task(render=render, task=stale) is False
    render.refresh_from_db()
    assert render.status == RenderStatus.ARCHIVING


def test_the_same_answer_applied_twice_changes_nothing_the_second_time(
    studio_sandbox, make_render, enqueued
):
    render = make_render()
    submission.render_submit(render_id=render.pk)
    render.refresh_from_db()
    done = Task(
        task_id=render.task_id,
        status=TaskStatus.PROCESSING,
        external_task_id=render.external_task_id,
    )
    assert following.render_apply_task(render=render, task=done) is True
    render.refresh_from_db()
    assert following.render_apply_task(render=render, task=done) is False


def test_many_renders_in_flight_are_polled_through_the_list_endpoint(
    studio_sandbox, make_render, team, settings
):
    settings.RENDER_LIST_POLL_THRESHOLD = 3
    studio_sandbox.configure(task_min_seconds=60, task_max_seconds=60)
    renders = [
        make_render(portrait=portrait_asset(team, colour=(i * 20, 50, 50))) for i in range(8)
    ]
    for render in renders:
        assert submission.render_submit(render_id=render.pk) == "submitted"
    Render.objects.update(next_poll_at=timezone.now() - timedelta(seconds=1))
    calls = following.renders_poll()
    assert calls == 1  # one list page instead of eight queries
    assert Render.objects.filter(next_poll_at__gt=timezone.now()).count() == 8


def test_a_render_in_flight_past_the_deadline_is_flagged(studio_sandbox, make_render, settings):
    studio_sandbox.configure(task_min_seconds=600, task_max_seconds=600)
    render = make_render()
    submission.render_submit(render_id=render.pk)
    Render.objects.filter(pk=render.pk).update(
        submitted_at=timezone.now() - timedelta(minutes=settings.RENDER_DEADLINE_MINUTES + 1),
        next_poll_at=timezone.now(),
    )
    following.renders_poll()
    render.refresh_from_db()
    assert "over 90 minutes" in render.attention
    assert render.status in (RenderStatus.SUBMITTED, RenderStatus.PROCESSING)


def test_a_damaged_download_is_retried_not_marked_done(
    studio_sandbox, make_render, settings, tmp_path
):
    render = make_render()
    submission.render_submit(render_id=render.pk)
    # Point the render at a file that is not a video.
    Render.objects.filter(pk=render.pk).update(
        status=RenderStatus.ARCHIVING,
        provider_video_url=f"{studio_sandbox.base_url}/_sandbox/health",
    )
    from projects.renders.archiving import render_archive

    assert render_archive(render_id=render.pk) == "retry"
    render.refresh_from_db()
    assert render.status == RenderStatus.ARCHIVING
    assert render.archive_error
    assert not render.video


def test_a_render_not_archived_days_after_kling_finished_is_flagged(make_render):
    from projects.renders.archiving import flag_archives_at_risk

    render = make_render()
    Render.objects.filter(pk=render.pk).update(
        status=RenderStatus.ARCHIVING, provider_done_at=timezone.now() - timedelta(days=26)
    )
    assert flag_archives_at_risk() == 1
    render.refresh_from_db()
    assert "Kling deletes it at 30 days" in render.attention


def test_ffmpeg_agrees_the_archive_is_h264_and_aac(studio_sandbox, make_render):
    render = follow(make_render())
    probe = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-i", render.video.path], capture_output=True, text=True
    )
    assert "Video: h264" in probe.stderr and "Audio: aac" in probe.stderr


def test_the_client_factory_uses_the_sandbox_settings(studio_sandbox):
    assert get_client().list_tasks(page_num=1, page_size=1).tasks == []
