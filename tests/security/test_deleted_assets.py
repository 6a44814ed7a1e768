"""A portrait or voiceover removed from the library is no longer served, and
the pages of videos made with it still work: they name it and say it was
removed, without showing or linking to its file.

Security review, issue #12: /assets/<code>/file/ still served soft-deleted
assets.
"""

import pytest

from projects.models import Render, RenderStatus, ReviewState
from tests.factories import voiceover_asset

from .conftest import body

REMOVED = "removed from the library"


@pytest.fixture
def pending(world):
    """A video still being made with the portrait, so that its pages show the portrait."""
    return Render.objects.create(
        project=world.project,
        created_by=world.alice,
        portrait=world.portrait,
        script="Hello there, everyone.",
        voice_id="oversea_male1",
        status=RenderStatus.QUEUED,
        parent=world.render,
        version=3,
    )


def file_url(asset):
    return f"/assets/{asset.code}/file/"


def remove(owner, asset):
    response = owner.post(f"/assets/{asset.code}/delete/")
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.deleted_at is not None


def test_a_removed_portrait_is_no_longer_served(world, owner):
    assert owner.get(file_url(world.portrait)).status_code == 200

    remove(owner, world.portrait)

    assert owner.get(file_url(world.portrait)).status_code == 404
    assert owner.get(file_url(world.portrait) + "?download=1").status_code == 404
    assert owner.get(file_url(world.portrait), HTTP_RANGE="bytes=0-3").status_code == 404


def test_a_removed_voiceover_is_no_longer_served(world, owner):
    voiceover = voiceover_asset(world.team, project=world.project)
    assert owner.get(file_url(voiceover)).status_code == 200

    remove(owner, voiceover)

    assert owner.get(file_url(voiceover)).status_code == 404


def test_the_page_of_a_video_made_with_a_removed_portrait_still_works(world, owner):
    remove(owner, world.portrait)

    response = owner.get(f"/renders/{world.render.code}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert file_url(world.portrait) not in html
    assert world.portrait.label in html and REMOVED in html
    # The video itself and its poster are the render's own files: still there.
    assert owner.get(f"/renders/{world.render.code}/video/").status_code == 200
    assert owner.get(f"/renders/{world.render.code}/poster/").status_code == 200


def test_a_video_in_the_making_says_its_portrait_was_removed(world, owner, pending):
    # Nothing approved: the newest version, the one being made, tops its stack's card.
    Render.objects.filter(project=world.project).update(review_state=ReviewState.PENDING)
    remove(owner, world.portrait)

    page = owner.get(f"/renders/{pending.code}/")
    gallery = owner.get(f"/projects/{world.project.code}/")
    compare = owner.get(f"/renders/{world.render.code}/compare/{pending.code}/")

    for response in (page, gallery, compare):
        assert response.status_code == 200
        assert file_url(world.portrait) not in response.content.decode()
    assert "The portrait of this video was removed from the library." in page.content.decode()
    assert "Portrait removed from the library" in gallery.content.decode()


def test_a_live_portrait_is_still_shown_while_the_video_is_made(world, owner, pending):
    page = owner.get(f"/renders/{pending.code}/")
    assert f'<img src="{file_url(world.portrait)}"' in page.content.decode()
    assert REMOVED not in page.content.decode()
    assert body(owner.get(file_url(world.portrait)))[:4] == b"\x89PNG"
