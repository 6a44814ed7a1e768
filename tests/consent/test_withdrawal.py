"""Withdrawing a portrait's consent: owners only, after a page saying what
happens; its queued videos are canceled, those at Kling finish, and all its
videos leave every share link at once (page, file, ZIP, embed, captions),
marked "Consent withdrawn" on the team's pages."""

import pytest
from django.utils import timezone

from projects.consent.services import consent_withdraw
from projects.models import AuditEntry, AuditKind, Caption, CaptionSource, Render, RenderStatus
from projects.renders.services import render_create
from tests.conftest import login_as
from tests.factories import voiceover_asset
from tests.sharing.conftest import done_render, media


@pytest.fixture
def shared(project, alice, make_link):
    """Two finished videos of different portraits on one link with downloads on."""
    gone = done_render(project, alice, title="Anna EN")
    kept = done_render(project, alice, title="Ben EN")
    Caption.objects.create(
        render=gone, source=CaptionSource.ALIGNED, cues=[{"start": 0, "end": 1, "text": "Hi."}]
    )
    link, token = make_link(renders=[gone, kept], allow_download=True)
    return gone, kept, token


def withdraw(client, portrait, **data):
    return client.post(f"/assets/{portrait.code}/consent/withdraw/", data)


def test_the_confirmation_says_what_will_happen(client, alice, project, shared, enqueued):
    gone, _, _ = shared
    voiceover = voiceover_asset(project.team, project=project)
    for _ in range(2):
        render_create(
            project=project, created_by=alice, portrait=gone.portrait, voiceover=voiceover
        )
    login_as(client, alice)
    page = client.get(f"/assets/{gone.portrait.code}/consent/withdraw/")
    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert "2 queued videos will be canceled" in text
    assert "1 video will be hidden from every share link" in text
    assert gone.portrait.consent.withdrawn_at is None  # nothing changed by looking


def test_withdrawing_hides_the_videos_from_every_share_link_page_at_once(client, alice, shared):
    gone, kept, token = shared
    assert client.get(media(token, gone)).status_code == 200
    assert client.get(f"/s/{token}/renders/{gone.code}/captions.vtt").status_code == 200
    login_as(client, alice)
    response = withdraw(client, gone.portrait, reason="She left the company.")
    assert response.status_code == 302
    client.logout()

    room = client.get(f"/s/{token}/").content.decode()
    assert "Ben EN" in room and "Anna EN" not in room
    for hidden in [
        media(token, gone),
        media(token, gone, "poster"),
        f"/s/{token}/embed/{gone.code}/",
        f"/s/{token}/renders/{gone.code}/captions.vtt",
        f"/s/{token}/renders/{gone.code}/captions.srt",
    ]:
        assert client.get(hidden).status_code == 404, hidden
    assert client.get(media(token, kept)).status_code == 200
    archive = b"".join(client.get(f"/s/{token}/videos.zip").streaming_content)
    assert b"Ben EN" in archive and b"Anna EN" not in archive


def test_a_withdrawn_video_cannot_be_put_on_a_link_and_is_marked_for_the_team(
    client, alice, project, shared
):
    gone, _, _ = shared
    consent_withdraw(consent=gone.portrait.consent, withdrawn_by=alice)
    login_as(client, alice)
    gallery = client.get(project.get_absolute_url()).content.decode()
    assert gallery.count("Consent withdrawn") >= 1
    assert "Consent withdrawn" in client.get(gone.get_absolute_url()).content.decode()
    data = {"label": "Again", "expires": "7", "shows": "chosen", "videos": [str(gone.code)]}
    response = client.post(f"/projects/{project.code}/shares/new/", data)
    assert response.status_code == 400
    assert "the person in its portrait withdrew their consent" in response.content.decode()
    assert gone.shared_on.count() == 1  # only the link made before


def test_queued_and_held_are_canceled_and_those_at_kling_finish(
    client, alice, project, shared, enqueued
):
    gone, _, _ = shared
    voiceover = voiceover_asset(project.team, project=project)
    make = {"project": project, "created_by": alice, "portrait": gone.portrait}
    queued = render_create(**make, voiceover=voiceover)
    held = render_create(**make, voiceover=voiceover)
    held.hold_over_budget()
    sent = render_create(**make, voiceover=voiceover)
    Render.objects.filter(pk=sent.pk).update(status=RenderStatus.SUBMITTED, task_id="k1")
    sent_but_queued = render_create(**make, voiceover=voiceover)
    # Sent once, then queued again (Kling busy): Kling may have it.
    Render.objects.filter(pk=sent_but_queued.pk).update(create_sent_at=timezone.now())
    login_as(client, alice)
    withdraw(client, gone.portrait)
    states = {r.pk: r.status for r in Render.objects.all()}
    assert states[queued.pk] == states[held.pk] == RenderStatus.CANCELED
    assert states[sent.pk] == RenderStatus.SUBMITTED
    assert states[sent_but_queued.pk] == RenderStatus.QUEUED  # Kling may have it
    assert states[gone.pk] == RenderStatus.DONE  # kept for the team, hidden from links
    entry = AuditEntry.objects.get(kind=AuditKind.CONSENT_WITHDRAWN)
    assert entry.actor == alice
    assert entry.summary.startswith("Ada Example withdrew consent: 2 queued video(s) canceled")
    assert AuditEntry.objects.filter(kind=AuditKind.RENDER_CANCELED).count() == 2


def test_only_owners_withdraw_and_withdrawing_is_final(client, alice, bob, shared):
    gone, _, token = shared
    login_as(client, bob)
    assert withdraw(client, gone.portrait).status_code == 403
    assert client.get(f"/assets/{gone.portrait.code}/consent/").status_code == 200
    gone.portrait.consent.refresh_from_db()
    assert gone.portrait.consent.withdrawn_at is None
    login_as(client, alice)
    withdraw(client, gone.portrait)
    second = withdraw(client, gone.portrait)
    assert second.status_code == 302
    assert AuditEntry.objects.filter(kind=AuditKind.CONSENT_WITHDRAWN).count() == 1
    page = client.get(f"/assets/{gone.portrait.code}/consent/").content.decode()
    assert "Consent withdrawn" in page and "cannot be animated again" in page
    assert "Withdraw consent…" not in page
