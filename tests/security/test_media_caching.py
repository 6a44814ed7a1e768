"""Member media is revalidated on every request, so access ends when membership does.

Security review, issue #12: member media was sent with ``private,
max-age=3600``: someone removed from the team kept watching from their
browser's cache for an hour. Now ``private, no-cache``: the browser may keep
a copy but asks first, the view checks access, and an unchanged file costs a
304 without a body.
"""

import pytest
from django.test import Client

from projects.models import Membership

from .conftest import body, client_as, media_urls

MEMBER_MEDIA = ["portrait file", "render video"]


@pytest.mark.parametrize("which", MEMBER_MEDIA)
def test_member_media_must_be_revalidated(world, which):
    user, url, _ = media_urls(world)[which]

    response = client_as(user).get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert "max-age" not in response["Cache-Control"]
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")


def test_shared_media_is_still_not_kept_at_all(world):
    _, url, _ = media_urls(world)["shared video"]
    assert Client().get(url)["Cache-Control"] == "no-store"


@pytest.mark.parametrize("which", MEMBER_MEDIA)
def test_an_unchanged_file_is_answered_with_304_and_no_body(world, opened_files, which):
    user, url, _ = media_urls(world)[which]
    client = client_as(user)
    first = client.get(url)
    body(first)

    by_tag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    other = client.get(url, HTTP_IF_NONE_MATCH='"something else"')

    for answer in (by_tag, by_date):
        assert answer.status_code == 304
        assert answer.content == b""
        assert answer["ETag"] == first["ETag"]
        assert answer["Cache-Control"] == "private, no-cache"
    assert other.status_code == 200
    body(other)
    assert all(file.closed for file in opened_files)


def test_ranges_still_work_and_if_range_guards_them(world):
    user, url, field = media_urls(world)["render video"]
    client = client_as(user)
    etag = client.get(url)["ETag"]

    part = client.get(url, HTTP_RANGE="bytes=0-7")
    same = client.get(url, HTTP_RANGE="bytes=0-7", HTTP_IF_RANGE=etag)
    changed = client.get(url, HTTP_RANGE="bytes=0-7", HTTP_IF_RANGE='"an older file"')

    assert part.status_code == same.status_code == 206
    assert body(part) == body(same) == b"\x00\x00\x00\x18ftyp"
    assert part["Cache-Control"] == "private, no-cache"
    assert changed.status_code == 200
    assert len(body(changed)) == field.size


@pytest.mark.parametrize("which", MEMBER_MEDIA)
def test_a_removed_member_gets_404_even_for_a_copy_they_kept(world, which):
    _, url, _ = media_urls(world)[which]
    dave = Client()
    dave.force_login(world.dave.user)
    kept = dave.get(url)
    assert kept.status_code == 200
    body(kept)

    owner = client_as(world.alice)
    removed = owner.post(f"/teams/{world.team.code}/members/{world.dave.code}/remove/")
    assert removed.status_code == 302
    assert not Membership.objects.filter(pk=world.dave.pk).exists()

    assert dave.get(url, HTTP_IF_NONE_MATCH=kept["ETag"]).status_code == 404
    assert dave.get(url, HTTP_IF_MODIFIED_SINCE=kept["Last-Modified"]).status_code == 404
    assert dave.get(url).status_code == 404
