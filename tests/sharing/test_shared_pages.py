"""Shared pages: what people holding a link see, without an account: finished
videos only, no names, byte ranges and private headers, downloads only if
allowed; a link turned off or expired serves nothing."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from projects.models import Project, RenderStatus, ShareLink
from projects.sharing.services import sharelink_resolve
from tests.sharing.conftest import (
    GONE,
    VIDEO_BYTES,
    WATERMARKED_BYTES,
    done_render,
    expire,
    media,
)


def assert_private_headers(response):
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


# --- What people holding a link see ------------------------------------------


def test_a_gallery_link_shows_finished_videos_without_team_names_or_emails(
    client, alice, bob, project, render, make_link
):
    unfinished = done_render(project, bob)
    unfinished.status = RenderStatus.PROCESSING
    unfinished.save()
    _, token = make_link()
    response = client.get(f"/s/{token}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert project.name in body
    assert media(token, render) in body and media(token, render, "poster") in body
    assert str(unfinished.code) not in body
    assert 'preload="none"' in body and 'poster="' in body
    assert '<meta name="robots" content="noindex">' in body
    assert "Made with Avatar Studio" in body
    for private in ["Alice", "Bob", "alice@example.org", "bob@example.org", "Log out"]:
        assert private not in body
    # Nothing to change anything with, and no link into the app.
    assert "<form" not in body
    assert 'href="/projects/' not in body and 'href="/teams/' not in body
    # Watch only: no download buttons, and the player hides its own.
    assert "download=1" not in body and 'controlslist="nodownload"' in body


def test_a_render_link_shows_that_video_and_cannot_reach_another(
    client, render, other_render, make_link
):
    _, token = make_link(render=render)
    body = client.get(f"/s/{token}/").content.decode()
    assert media(token, render) in body
    assert str(other_render.code) not in body
    assert client.get(media(token, render)).status_code == 200
    for which in ["video", "poster", "watermarked"]:
        assert client.get(media(token, other_render, which)).status_code == 404


def test_a_gallery_link_cannot_reach_another_projects_video(client, charlie, render, make_link):
    foreign_project = Project.objects.create(
        team=charlie.memberships.get().team, name="Charlie's", created_by=charlie
    )
    foreign = done_render(foreign_project, charlie)
    _, token = make_link()
    assert client.get(media(token, render)).status_code == 200
    assert client.get(media(token, foreign)).status_code == 404
    assert client.get(media(token, foreign, "poster")).status_code == 404


def test_a_shared_video_is_served_with_byte_ranges_and_private_headers(client, render, make_link):
    # Downloads on: the clean video (watch-only links serve the watermarked copy).
    _, token = make_link(allow_download=True)
    whole = client.get(media(token, render))
    assert whole.status_code == 200
    assert b"".join(whole.streaming_content) == VIDEO_BYTES
    assert whole["Content-Type"] == "video/mp4"
    assert whole["Content-Disposition"].startswith("inline")
    assert whole["Cache-Control"] == "no-store"
    assert_private_headers(whole)
    part = client.get(media(token, render), HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == VIDEO_BYTES[10:20]
    assert_private_headers(part)
    poster = client.get(media(token, render, "poster"))
    assert poster.status_code == 200 and poster["Content-Type"] == "image/jpeg"
    assert_private_headers(poster)
    watermarked = client.get(media(token, render, "watermarked"))
    assert b"".join(watermarked.streaming_content) == WATERMARKED_BYTES


def test_shared_pages_and_the_expired_page_send_no_referrer_and_noindex(client, render, make_link):
    _, token = make_link()
    expired, expired_token = make_link(label="old")
    expire(expired)
    page = client.get(f"/s/{token}/")
    assert_private_headers(page)
    assert page["Cache-Control"] == "no-store"
    gone = client.get(f"/s/{expired_token}/")
    assert gone.status_code == 404
    assert_private_headers(gone)
    assert '<meta name="robots" content="noindex">' in gone.content.decode()
    assert_private_headers(client.get(media(expired_token, render)))


def test_downloads_only_with_a_link_that_allows_them(client, render, make_link):
    _, watch_only = make_link()
    refused = client.get(media(watch_only, render) + "?download=1")
    assert refused.status_code == 403
    assert "Downloading is turned off for this link" in refused.content.decode()
    assert_private_headers(refused)
    assert client.get(media(watch_only, render, "watermarked") + "?download=1").status_code == 403

    # Without the label: the video itself (the labelled copy: test_ai_label.py).
    _, downloadable = make_link(allow_download=True, ai_label=False)
    body = client.get(f"/s/{downloadable}/").content.decode()
    assert media(downloadable, render) + "?download=1" in body
    assert "nodownload" not in body
    response = client.get(media(downloadable, render) + "?download=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == VIDEO_BYTES


def test_a_render_link_allows_download_of_its_video(client, render, make_link):
    # Without the label: the video itself (the labelled copy: test_ai_label.py).
    _, token = make_link(render=render, allow_download=True, ai_label=False)
    body = client.get(f"/s/{token}/").content.decode()
    assert "Download<" in body and "With watermark<" in body
    assert client.get(media(token, render) + "?download=1").status_code == 200


def test_an_expired_link_serves_nothing_not_even_the_video(client, render, make_link):
    link, token = make_link()
    assert client.get(media(token, render)).status_code == 200
    expire(link)
    for url in [f"/s/{token}/", media(token, render), media(token, render, "poster")]:
        response = client.get(url)
        assert response.status_code == 404, url
    assert GONE in client.get(f"/s/{token}/").content.decode()


@pytest.mark.parametrize("token", ["nope", "x" * 500, "%00%ff", "..", "' OR 1=1 --", "A" * 43])
def test_a_made_up_token_gets_the_friendly_404(client, db, token):
    response = client.get(f"/s/{token}/")
    assert response.status_code == 404
    assert GONE in response.content.decode()


def test_unknown_media_kinds_and_render_codes_are_404(client, render, make_link):
    _, token = make_link()
    assert client.get(media(token, render, "portrait")).status_code == 404
    assert client.get(f"/s/{token}/renders/{uuid.uuid4()}/video/").status_code == 404


def test_a_video_not_finished_cannot_be_put_on_a_link(alice, project, make_link):
    pending = done_render(project, alice)
    pending.status = RenderStatus.PROCESSING
    pending.save()
    with pytest.raises(ValidationError, match="only finished videos"):
        make_link(render=pending)
    assert not ShareLink.objects.exists()


def test_opening_a_link_stamps_when_it_was_last_used(client, project, render, make_link):
    link, token = make_link()
    assert link.last_used_at is None
    client.get(f"/s/{token}/")
    link.refresh_from_db()
    assert link.last_used_at is not None
    assert timezone.now() - link.last_used_at < timedelta(seconds=5)


def test_resolving_returns_only_active_links(make_link):
    link, token = make_link()
    assert sharelink_resolve(token) == link
    link.revoke()
    assert sharelink_resolve(token) is None
    other, other_token = make_link(expires_at=timezone.now() + timedelta(hours=1))
    assert sharelink_resolve(other_token) == other
    expire(other)
    assert sharelink_resolve(other_token) is None
    assert sharelink_resolve("") is None


def test_a_share_link_grants_nothing_inside_the_app(client, project, render, make_link):
    _, token = make_link()
    client.get(f"/s/{token}/")
    for url in [project.get_absolute_url(), render.get_absolute_url(), "/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")
    assert client.get(f"/renders/{render.code}/video/").status_code == 302


def test_shared_pages_only_answer_reads(client, render, make_link):
    _, token = make_link()
    assert client.post(f"/s/{token}/").status_code == 405
    assert client.post(media(token, render)).status_code == 405
    assert client.head(f"/s/{token}/").status_code == 200
