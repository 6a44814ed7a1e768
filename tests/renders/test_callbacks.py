"""Kling's callbacks: a report about the render's own task, with its video on
Kling's hosts, is applied as a poll's answer would be; anything else only
triggers an authoritative query (projects/renders/callbacks.py)."""

import time

import pytest

from projects.models import Render, RenderStatus
from projects.renders import submission
from projects.tasks import refresh_render

SUCCEED_BODY = {
    "task_id": "x",
    "task_status": "succeed",
    "task_result": {"videos": [{"id": "v", "url": "http://evil.example/v.mp4", "duration": "3"}]},
}


def callback_path(render, token=None):
    return f"/kling/callback/{render.code}/{token or render.callback_token()}/"


def test_a_forged_token_changes_nothing(client, make_render, enqueued):
    render = make_render()
    response = client.post(
        callback_path(render, "0" * 64), SUCCEED_BODY, content_type="application/json"
    )
    assert response.status_code == 404
    assert enqueued == []
    render.refresh_from_db()
    assert render.status == RenderStatus.QUEUED


def test_a_callback_for_an_unknown_render_is_a_404(client, db, enqueued):
    response = client.post("/kling/callback/00000000-0000-0000-0000-000000000000/abc/")
    assert response.status_code == 404


def test_a_callback_must_be_a_post(client, make_render):
    assert client.get(callback_path(make_render())).status_code == 405


def test_a_succeed_the_provider_does_not_confirm_changes_nothing(
    client, studio_sandbox, make_render, enqueued
):
    studio_sandbox.configure(task_min_seconds=60, task_max_seconds=60)
    render = make_render()
    submission.render_submit(render_id=render.pk)
    enqueued.clear()
    response = client.post(callback_path(render), SUCCEED_BODY, content_type="application/json")
    assert response.status_code == 204
    assert enqueued == [("projects.tasks.refresh_render", (render.pk,))]
    render.refresh_from_db()
    assert render.status == RenderStatus.SUBMITTED
    # The query the callback triggered asks Kling, which says "processing".
    refresh_render(render.pk)
    render.refresh_from_db()
    assert render.status in (RenderStatus.SUBMITTED, RenderStatus.PROCESSING)
    assert render.provider_video_url == ""


def test_duplicate_callbacks_are_harmless(client, studio_sandbox, make_render, enqueued):
    render = make_render()
    submission.render_submit(render_id=render.pk)
    for _ in range(3):
        client.post(callback_path(render), {}, content_type="application/json")
        refresh_render(render.pk)
    render.refresh_from_db()
    assert render.status in (
        RenderStatus.SUBMITTED,
        RenderStatus.PROCESSING,
        RenderStatus.ARCHIVING,
    )


@pytest.mark.django_db(transaction=True)
def test_kling_calls_back_our_site_when_it_has_a_public_url(
    live_server, studio_sandbox, settings, make_render, enqueued
):
    settings.SITE_URL = live_server.url
    render = make_render()
    assert submission.render_submit(render_id=render.pk) == "submitted"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not any(
        c["outcome"] == "204" for c in studio_sandbox.callbacks()
    ):
        time.sleep(0.2)
    sent = studio_sandbox.callbacks()
    assert any(c["outcome"] == "204" for c in sent), sent
    # Kling's report was taken as it came: no query was needed to move on.
    assert ("projects.tasks.refresh_render", (render.pk,)) not in enqueued
    assert Render.objects.get(pk=render.pk).status in (
        RenderStatus.PROCESSING,
        RenderStatus.ARCHIVING,
    )


def kling_report(render, status, url):
    return {
        "task_id": render.task_id,
        "task_status": status,
        "task_info": {"external_task_id": render.external_task_id},
        "task_result": {"videos": [{"id": "v", "url": url, "duration": "3"}]},
        "final_unit_deduction": "1.2",
    }


def submitted(studio_sandbox, make_render, enqueued):
    studio_sandbox.configure(task_min_seconds=60, task_max_seconds=60)
    render = make_render()
    submission.render_submit(render_id=render.pk)
    render.refresh_from_db()
    enqueued.clear()
    return render


def test_a_report_of_the_renders_own_task_is_applied_without_asking_kling(
    client, studio_sandbox, make_render, enqueued, django_capture_on_commit_callbacks
):
    render = submitted(studio_sandbox, make_render, enqueued)
    url = f"{studio_sandbox.base_url}/results/v.mp4"
    body = kling_report(render, "succeed", url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(callback_path(render), body, content_type="application/json")
    assert response.status_code == 204
    render.refresh_from_db()
    assert render.status == RenderStatus.ARCHIVING
    assert render.provider_video_url == url
    # Archiving is queued; Kling was not asked again.
    assert enqueued == [("projects.tasks.archive_render", (render.pk,))]
    # The same report again changes nothing.
    client.post(callback_path(render), body, content_type="application/json")
    assert enqueued == [("projects.tasks.archive_render", (render.pk,))]


def test_a_failure_kling_reports_fails_the_render_in_its_words(
    client, studio_sandbox, make_render, enqueued
):
    render = submitted(studio_sandbox, make_render, enqueued)
    body = kling_report(render, "failed", "")
    body["task_status_msg"] = "Image pixel is invalid"
    del body["task_result"]
    client.post(callback_path(render), body, content_type="application/json")
    render.refresh_from_db()
    assert render.status == RenderStatus.FAILED
    assert "Image pixel is invalid" in render.failure_reason


@pytest.mark.parametrize(
    "change",
    ["another task", "another external id", "a video elsewhere", "not json"],
)
def test_a_report_that_is_not_about_the_renders_task_only_triggers_a_query(
    client, studio_sandbox, make_render, enqueued, change
):
    render = submitted(studio_sandbox, make_render, enqueued)
    body = kling_report(render, "succeed", f"{studio_sandbox.base_url}/results/v.mp4")
    if change == "another task":
        body["task_id"] = "someone-elses"
    elif change == "another external id":
        body["task_info"]["external_task_id"] = "avs-other"
    elif change == "a video elsewhere":
        body["task_result"]["videos"][0]["url"] = "http://evil.example/v.mp4"
    if change == "not json":
        response = client.post(callback_path(render), "{", content_type="application/json")
    else:
        response = client.post(callback_path(render), body, content_type="application/json")
    assert response.status_code == 204
    assert enqueued == [("projects.tasks.refresh_render", (render.pk,))]
    render.refresh_from_db()
    assert render.status == RenderStatus.SUBMITTED
    assert render.provider_video_url == ""
