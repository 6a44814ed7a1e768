"""Choosing what a new link shows: the videos ticked in the gallery, in that
order, or all approved videos; a render's page still shares its one video.
Videos that cannot be shared are refused in plain words, and nothing is made."""

import re

import pytest

from projects.models import Project, RenderStatus, ReviewState, ShareLink
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.sharing.conftest import done_render


def new_link_form(client, project, *renders):
    return client.get(
        f"/projects/{project.code}/shares/new/", {"videos": [str(r.code) for r in renders]}
    )


def create(client, project, renders, **fields):
    data = {"label": "For ACME", "expires": "7", "shows": "chosen", **fields}
    data["videos"] = [str(r.code) for r in renders]
    return client.post(f"/projects/{project.code}/shares/new/", data)


@pytest.fixture
def takes(project, alice):
    first = done_render(project, alice, title="Take 1")
    second = done_render(project, alice, title="Take 2", review_state=ReviewState.APPROVED)
    changes = done_render(project, alice, title="Take 3", review_state=ReviewState.CHANGES)
    failed = done_render(project, alice, title="Take 4")
    type(failed).objects.filter(pk=failed.pk).update(status=RenderStatus.FAILED)
    failed.refresh_from_db()
    return first, second, changes, failed


def ticked_boxes(page):
    return re.findall(r'name="videos" value="([0-9a-f-]+)" form="share-pick"', page)


def test_the_gallery_offers_a_share_box_on_each_shareable_video(client, alice, project, takes):
    first, second, changes, failed = takes
    login_as(client, alice)
    page = client.get(project.get_absolute_url()).content.decode()
    assert set(ticked_boxes(page)) == {str(first.code), str(second.code)}
    assert 'id="share-pick"' in page and "Share these" in page
    assert f'href="/projects/{project.code}/shares/"' in page


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_people_who_do_not_manage_links_get_no_share_boxes(client, bob, team, project, takes, role):
    set_role(bob, team, role)
    login_as(client, bob, team)
    page = client.get(project.get_absolute_url()).content.decode()
    assert ticked_boxes(page) == [] and "Share these" not in page
    assert f"/projects/{project.code}/shares/" not in page


def test_the_ticked_videos_are_the_suggestion_in_the_order_ticked(client, alice, project, takes):
    first, second, *_ = takes
    login_as(client, alice)
    page = new_link_form(client, project, second, first).content.decode()
    assert page.index("Take 2") < page.index("Take 1")
    assert 'value="chosen" checked' in page and "The 2 videos you ticked" in page
    assert "All approved videos (1 now)" in page
    assert "Clients may comment and approve" in page


def test_a_link_to_the_ticked_videos_in_that_order(client, alice, project, takes):
    first, second, *_ = takes
    login_as(client, alice)
    response = create(client, project, [second, first], allow_feedback="on")
    assert response.status_code == 200
    link = ShareLink.objects.get()
    assert [r.pk for r in link.renders.order_by("shared_on__position")] == [second.pk, first.pk]
    assert link.allow_feedback and not link.allow_download
    page = response.content.decode()
    assert "2 videos, in the order chosen" in page
    assert f"/shares/{link.code}/" in page


def test_with_nothing_ticked_all_approved_videos_are_the_default(client, alice, project, takes):
    _, second, *_ = takes
    login_as(client, alice)
    page = new_link_form(client, project).content.decode()
    assert 'name="shows" value="approved"' in page and "all approved videos" in page
    assert 'value="chosen"' not in page
    client.post(
        f"/projects/{project.code}/shares/new/",
        {"label": "x", "expires": "7", "shows": "approved"},
    )
    link = ShareLink.objects.get()
    assert list(link.renders.all()) == [second]
    assert link.allow_feedback is False


def test_choosing_all_approved_videos_even_with_some_ticked(client, alice, project, takes):
    first, second, *_ = takes
    login_as(client, alice)
    create(client, project, [first], shows="approved")
    assert list(ShareLink.objects.get().renders.all()) == [second]


@pytest.mark.parametrize("which", [2, 3])
def test_a_video_that_cannot_be_shared_is_refused_and_nothing_is_made(
    client, alice, project, takes, which
):
    login_as(client, alice)
    bad = takes[which]
    response = create(client, project, [takes[0], bad])
    assert response.status_code == 400
    assert (
        f"“{bad.title}” cannot be shared: only finished videos without requested changes can."
        in response.content.decode()
    )
    assert not ShareLink.objects.exists()


def test_a_video_of_another_project_is_refused(client, alice, team, project, takes):
    elsewhere = Project.objects.create(team=team, name="Other", created_by=alice)
    foreign = done_render(elsewhere, alice)
    login_as(client, alice)
    for response in (new_link_form(client, project, foreign), create(client, project, [foreign])):
        assert response.status_code == 400
        assert "not in this project" in response.content.decode()
    response = create(client, project, [], videos=["not-a-code"])
    assert response.status_code == 400
    assert not ShareLink.objects.exists()


def test_choosing_the_ticked_videos_with_none_ticked_says_so(client, alice, project, takes):
    login_as(client, alice)
    response = create(client, project, [])
    assert response.status_code == 400
    assert "No video is ticked" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_a_renders_page_still_shares_that_one_video(client, alice, project, takes):
    first, *_ = takes
    login_as(client, alice)
    client.post(
        f"/projects/{project.code}/shares/new/",
        {"label": "One", "expires": "7", "render": str(first.code), "shows": "approved"},
    )
    assert list(ShareLink.objects.get().renders.all()) == [first]
