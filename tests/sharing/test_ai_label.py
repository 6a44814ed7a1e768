"""The visible "AI-generated" label on share links (EU AI Act Art. 50(4)):
on by default on the room, the embed and beside downloads; an owner may
turn it off on the link's page only by confirming a warning that says why
it is there; a link that allows downloads serves the copy with the label
burned in once the worker made it."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile

from projects import tasks
from projects.models import AuditEntry, AuditKind, ExportState, ShareLink, VideoExport
from tests.conftest import login_as
from tests.exports.conftest import real_video  # noqa: F401  (a real MP4)
from tests.sharing.conftest import done_render

LABEL = "AI-generated video"
WHY = "This video was made with AI from a photo and a voice."


@pytest.fixture
def render(project, alice):
    return done_render(project, alice, title="Spring — EN")


def test_a_new_link_shows_the_label_on_every_video_of_its_room(client, render, make_link):
    link, token = make_link(render=render)
    assert link.ai_label is True
    html = client.get(f"/s/{token}/").content.decode()
    assert f'<span class="ai-label__badge">{LABEL}</span>' in html
    assert WHY in html
    assert '<span class="ai-label__over" aria-hidden="true">AI-generated</span>' in html
    assert 'aria-label="Spring — EN (AI-generated video)"' in html


def test_the_embed_shows_it_too(client, render, make_link):
    _, token = make_link(render=render)
    html = client.get(f"/s/{token}/embed/{render.code}/").content.decode()
    assert f">{LABEL}</span>" in html and WHY in html
    assert 'class="ai-label__over"' in html


def test_turned_off_it_is_gone_from_the_room_and_the_embed(client, render, make_link):
    link, token = make_link(render=render)
    ShareLink.objects.filter(pk=link.pk).update(ai_label=False)
    for url in (f"/s/{token}/", f"/s/{token}/embed/{render.code}/"):
        html = client.get(url).content.decode()
        assert "AI-generated" not in html and WHY not in html


def test_beside_the_download_buttons(client, render, make_link, enqueued):
    _, token = make_link(render=render, allow_download=True)
    html = client.get(f"/s/{token}/").content.decode()
    assert 'class="ai-label__badge ai-label__badge--small">AI-generated</span>' in html


@pytest.fixture
def owner(client, alice):
    return login_as(client, alice)


def settings_of(link, **data):
    return {"label": link.label, "expires": "keep", **data}


def test_the_links_page_has_the_setting_with_its_reason(owner, render, make_link):
    link, _ = make_link(render=render)
    html = owner.get(f"/shares/{link.code}/").content.decode()
    assert "Show the “AI-generated” label" in html
    assert 'name="ai_label"' in html and "checked" in html.split('name="ai_label"')[1][:80]
    assert "EU AI Act requires that people be told" in html
    assert "you may be responsible for telling them another way" in html


def test_turning_it_off_needs_the_confirmation_and_is_audited(owner, alice, render, make_link):
    link, _ = make_link(render=render)
    url = f"/shares/{link.code}/settings/"
    response = owner.post(url, settings_of(link))
    assert response.status_code == 400
    assert "To turn the label off, also tick “I understand”" in response.content.decode()
    link.refresh_from_db()
    assert link.ai_label is True
    response = owner.post(url, settings_of(link, ai_label_off="on"))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ai_label is False
    entry = AuditEntry.objects.get(kind=AuditKind.LINK_CHANGED)
    assert entry.actor == alice and entry.summary == "“AI-generated” label: on → off"
    # On again: no confirmation needed.
    assert owner.post(url, settings_of(link, ai_label="on")).status_code == 302
    link.refresh_from_db()
    assert link.ai_label is True


def test_a_link_with_downloads_serves_the_labelled_copy_once_made(
    client,
    render,
    make_link,
    enqueued,
    real_video,  # noqa: F811
):
    render.video.save("video.mp4", ContentFile(real_video), save=True)
    _, token = make_link(render=render, allow_download=True)
    export = VideoExport.objects.get(render=render)
    assert (export.ai_label, export.label_text, export.burn_captions) == (
        True,
        "AI-generated",
        False,
    )
    url = f"/s/{token}/renders/{render.code}/video/?download=1"
    # On its way: the room says so and offers no button; the address says so too.
    html = client.get(f"/s/{token}/").content.decode()
    assert "is being prepared" in html and "/video/?download=1" not in html
    response = client.get(url)
    assert response.status_code == 409 and b"being prepared" in response.content
    assert tasks.make_export(export.pk) == "ready"
    response = client.get(url)
    assert response.status_code == 200
    assert "%28AI-generated%29.mp4" in response["Content-Disposition"]
    export.refresh_from_db()
    with export.file.open("rb") as fh:
        assert b"".join(response.streaming_content) == fh.read()
    # "Download all" holds the labelled copy too.
    archive = b"".join(client.get(f"/s/{token}/videos.zip").streaming_content)
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        [name] = zipped.namelist()
        with export.file.open("rb") as fh:
            assert zipped.read(name) == fh.read()


def test_a_failed_labelled_copy_falls_back_to_the_video(client, render, make_link, enqueued):
    _, token = make_link(render=render, allow_download=True)
    VideoExport.objects.filter(render=render).update(state=ExportState.FAILED, error="x")
    response = client.get(f"/s/{token}/renders/{render.code}/video/?download=1")
    assert response.status_code == 200
    with render.video.open("rb") as fh:
        assert b"".join(response.streaming_content) == fh.read()


def test_without_the_label_the_download_is_the_video_and_nothing_is_made(
    client, render, make_link, enqueued
):
    link, token = make_link(render=render, allow_download=True)
    VideoExport.objects.all().delete()
    ShareLink.objects.filter(pk=link.pk).update(ai_label=False)
    response = client.get(f"/s/{token}/renders/{render.code}/video/?download=1")
    assert (
        response.status_code == 200 and "%28AI-generated%29" not in response["Content-Disposition"]
    )
    assert not VideoExport.objects.exists()
