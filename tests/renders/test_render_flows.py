"""Creating, batching, canceling, retrying and re-making renders from the pages."""

import pytest

from projects.models import Render, RenderBatch, RenderStatus
from projects.renders import submission
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.factories import portrait_asset, voiceover_asset


def post_render(client, project, **data):
    return client.post(
        f"/projects/{project.code}/renders/new/", {"mode": "std", "prompt": "", **data}
    )


def test_making_a_video_queues_it_and_returns_at_once(
    client, alice, project, portrait, voiceover, django_capture_on_commit_callbacks, enqueued
):
    login_as(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_render(
            client,
            project,
            portraits=[portrait.code],
            voiceovers=[voiceover.code],
            prompt="nods",
            watermark="on",
        )
    assert response.status_code == 302
    render = Render.objects.get()
    assert render.status == RenderStatus.QUEUED
    assert (render.prompt, render.mode, render.watermark) == ("nods", "std", True)
    assert render.batch is None
    assert enqueued == [("projects.tasks.submit_render", (render.pk,))]


def test_one_portrait_with_several_voiceovers_makes_a_batch(
    client, alice, team, project, portrait, enqueued
):
    voices = [voiceover_asset(team, seconds=2.5 + i, label=f"v{i}.mp3") for i in range(3)]
    login_as(client, alice)
    post_render(client, project, portraits=[portrait.code], voiceovers=[v.code for v in voices])
    batch = RenderBatch.objects.get()
    assert batch.renders.count() == 3
    assert {r.voiceover_id for r in batch.renders.all()} == {v.pk for v in voices}


def test_several_portraits_with_one_voiceover_makes_a_batch(
    client, alice, team, project, voiceover, enqueued
):
    faces = [portrait_asset(team, colour=(i * 60, 90, 90)) for i in range(2)]
    login_as(client, alice)
    post_render(client, project, portraits=[f.code for f in faces], voiceovers=[voiceover.code])
    assert RenderBatch.objects.get().renders.count() == 2


def test_a_script_instead_of_a_voiceover_uses_a_kling_voice(
    client, alice, project, portrait, enqueued
):
    login_as(client, alice)
    post_render(
        client,
        project,
        portraits=[portrait.code],
        script="Meet our spring collection, made for sunny days.",
        voice_id="uk_man2",
    )
    render = Render.objects.get()
    assert render.voiceover is None
    assert (render.voice_id, render.voice_language) == ("uk_man2", "en")


def test_a_script_render_gets_its_speech_from_kling_tts(
    studio_sandbox, alice, project, portrait, enqueued
):
    from projects.renders.services import render_create

    render = render_create(
        project=project,
        created_by=alice,
        portrait=portrait,
        script="Meet our spring collection, made for sunny days.",
        voice_id="oversea_male1",
    )
    assert submission.render_submit(render_id=render.pk) == "submitted"
    render.refresh_from_db()
    assert render.audio_id


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Pick a portrait"),
        ({"script": "x" * 20, "with_voice": True}, "not both"),
        ({"prompt": "p" * 2501, "with_voice": True}, "1 character too many"),
        ({"no_voice": True}, "Pick a voiceover, or type a script"),
    ],
)
def test_a_bad_render_form_explains_and_queues_nothing(
    client, alice, project, portrait, voiceover, data, message, enqueued
):
    login_as(client, alice)
    payload = {k: v for k, v in data.items() if k not in ("with_voice", "no_voice")}
    if data:
        payload["portraits"] = [portrait.code]
    if data.get("with_voice"):
        payload["voiceovers"] = [voiceover.code]
    response = post_render(client, project, **payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Render.objects.exists()


def test_another_teams_portrait_cannot_be_used(
    client, alice, charlie, project, voiceover, enqueued
):
    foreign = portrait_asset(charlie.memberships.get().team)
    login_as(client, alice)
    post_render(client, project, portraits=[foreign.code], voiceovers=[voiceover.code])
    assert not Render.objects.exists()


def test_a_viewer_cannot_make_cancel_or_retry(
    client, bob, team, project, make_render, portrait, voiceover
):
    render = make_render()
    set_role(bob, team, Role.VIEWER)
    login_as(client, bob, team)
    assert (
        post_render(
            client, project, portraits=[portrait.code], voiceovers=[voiceover.code]
        ).status_code
        == 403
    )
    for action in ("cancel", "retry", "again"):
        assert client.post(f"/renders/{render.code}/{action}/").status_code == 403
    assert Render.objects.count() == 1


def test_cancel_a_queued_render(client, alice, make_render):
    render = make_render()
    login_as(client, alice)
    client.post(f"/renders/{render.code}/cancel/")
    render.refresh_from_db()
    assert render.status == RenderStatus.CANCELED


def test_a_render_already_sent_cannot_be_canceled(client, alice, make_render, studio_sandbox):
    render = make_render()
    submission.render_submit(render_id=render.pk)
    login_as(client, alice)
    response = client.post(f"/renders/{render.code}/cancel/", follow=True)
    assert "can no longer be canceled" in response.content.decode()
    render.refresh_from_db()
    assert render.status != RenderStatus.CANCELED


def test_retry_a_failed_render_with_a_new_external_id(client, alice, make_render):
    render = make_render()
    old_id = render.external_task_id
    Render.objects.filter(pk=render.pk).update(status=RenderStatus.FAILED, failure_reason="x")
    login_as(client, alice)
    client.post(f"/renders/{render.code}/retry/")
    render.refresh_from_db()
    assert render.status == RenderStatus.QUEUED
    assert render.external_task_id != old_id
    assert render.failure_reason == ""


def test_render_again_makes_a_linked_new_version(client, alice, make_render):
    original = make_render(prompt="smiles")
    login_as(client, alice)
    client.post(f"/renders/{original.code}/again/", {"prompt": "waves", "mode": "pro"})
    again = Render.objects.exclude(pk=original.pk).get()
    assert (again.parent, again.version, again.prompt, again.mode) == (original, 2, "waves", "pro")
    client.post(f"/renders/{again.code}/again/", {"prompt": "laughs", "mode": "std"})
    third = Render.objects.get(version=3)
    assert third.parent == original
    page = client.get(f"/renders/{original.code}/").content.decode()
    assert "Version 3" in page


def test_the_status_endpoint_reports_cards(client, alice, bob, charlie, team, project, make_render):
    render = make_render()
    login_as(client, alice)
    data = client.get(f"/projects/{project.code}/renders.json", {"code": [render.code]}).json()
    assert data["renders"][0]["status_word"] == "Queued"
    login_as(client, charlie)
    assert client.get(f"/projects/{project.code}/renders.json").status_code == 404


def test_the_gallery_shows_cards_with_status(client, alice, project, make_render):
    render = make_render(prompt="A long prompt that describes the avatar's mood")
    Render.objects.filter(pk=render.pk).update(
        status=RenderStatus.FAILED, failure_reason="Kling could not use this photo."
    )
    login_as(client, alice)
    page = client.get(f"/projects/{project.code}/").content.decode()
    assert f'data-render="{render.code}"' in page
    assert "Kling could not use this photo." in page
    assert "Failed" in page
