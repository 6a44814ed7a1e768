"""The team's side of links: a link's page (its videos in order, adding,
removing, moving, settings, its address to copy) and a project's links page
with each link's figures. Only people who manage links open them."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.models import Comment, LinkVisitor, ShareLink
from projects.sharing.rooms import room_videos
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.sharing.conftest import done_render

PLACEHOLDERS = {
    "projects/_link_analytics.html",
    "projects/_link_feedback.html",
    "projects/_link_embed.html",
    "projects/_link_password.html",
}


@pytest.fixture
def takes(project, alice):
    return [done_render(project, alice, title=f"Take {n}") for n in (1, 2, 3)]


@pytest.fixture
def link(make_link, takes):
    link, _ = make_link(renders=takes[:2])
    return link


@pytest.fixture
def owner(client, alice):
    return login_as(client, alice)


def page_of(client, link):
    response = client.get(f"/shares/{link.code}/")
    assert response.status_code == 200
    return response


def titles_in_order(html):
    return re.findall(r'id="entry-[^"]+">.*?<a class="break" href="[^"]+">([^<]+)</a>', html, re.S)


def test_a_links_page_shows_its_videos_in_order_and_its_address(owner, link, takes):
    response = page_of(owner, link)
    html = response.content.decode()
    assert titles_in_order(html) == ["Take 1", "Take 2"]
    assert f'value="http://testserver/s/{link.token()}/"' in html
    assert "Copy link" in html and "no-store" in response["Cache-Control"]
    # The slots other steps fill, with the link and its videos in order.
    used = {t.name for t in response.templates}
    assert PLACEHOLDERS <= used
    assert [r.pk for r in response.context["videos"]] == [takes[0].pk, takes[1].pk]
    # The add picker offers the third take only.
    assert re.findall(r'name="videos" value="([^"]+)"', html) == [str(takes[2].code)]


def test_an_old_link_says_its_address_cannot_be_shown_again(owner, link, project):
    ShareLink.objects.filter(pk=link.pk).update(secret="")
    html = page_of(owner, link).content.decode()
    assert "This link's address was shown once" in html
    assert "cannot be shown again. Make a new link to copy it." in html
    assert "/s/" not in html
    listing = owner.get(f"/projects/{project.code}/shares/").content.decode()
    assert "cannot be shown again" in listing


def test_adding_removing_and_moving_videos(owner, link, takes):
    base = f"/shares/{link.code}/videos/"
    response = owner.post(base, {"videos": [str(takes[2].code)]}, follow=True)
    assert "Added 1 video at the end of the link." in response.content.decode()
    assert titles_in_order(response.content.decode()) == ["Take 1", "Take 2", "Take 3"]
    owner.post(f"{base}{takes[2].code}/move/", {"direction": "up"})
    owner.post(f"{base}{takes[0].code}/move/", {"direction": "down"})
    assert [r.pk for r in room_videos(link)] == [takes[2].pk, takes[0].pk, takes[1].pk]
    response = owner.post(f"{base}{takes[1].code}/remove/", follow=True)
    html = response.content.decode()
    assert "“Take 2” is off the link. Clients no longer see it." in html
    assert titles_in_order(html) == ["Take 3", "Take 1"]


def test_bad_changes_are_explained_and_change_nothing(owner, link, takes, project, alice):
    base = f"/shares/{link.code}/videos/"
    rejected = done_render(project, alice, title="Rejected", review_state="changes")
    for data, message in [
        ({"videos": [str(rejected.code)]}, "“Rejected” cannot be shared"),
        ({"videos": ["nonsense"]}, "not in this project"),
        ({}, "Tick at least one video to add."),
    ]:
        response = owner.post(base, data, follow=True)
        assert message in response.content.decode()
    response = owner.post(f"{base}{takes[2].code}/remove/", follow=True)
    assert "This video is not on this link any more." in response.content.decode()
    response = owner.post(f"{base}{takes[0].code}/move/", {"direction": "left"}, follow=True)
    assert "up or down" in response.content.decode()
    assert [r.pk for r in room_videos(link)] == [takes[0].pk, takes[1].pk]


def test_settings_are_saved_and_bad_ones_explained(owner, link):
    url = f"/shares/{link.code}/settings/"
    response = owner.post(
        url,
        {"label": "ACME, round 2", "expires": "never", "allow_feedback": "on", "ai_label": "on"},
        follow=True,
    )
    assert "Saved." in response.content.decode()
    link.refresh_from_db()
    assert (link.label, link.expires_at, link.allow_download, link.allow_feedback) == (
        "ACME, round 2",
        None,
        False,
        True,
    )
    response = owner.post(url, {"label": "", "expires": "date", "expires_on": "2001-01-01T10:00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the link a name" in html and "in the future" in html
    link.refresh_from_db()
    assert link.label == "ACME, round 2"


def test_keeping_the_end_date(owner, link):
    when = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    ShareLink.objects.filter(pk=link.pk).update(expires_at=when)
    html = page_of(owner, link).content.decode()
    assert '<option value="keep" selected>Keep: works until' in html
    owner.post(
        f"/shares/{link.code}/settings/", {"label": "Renamed", "expires": "keep", "ai_label": "on"}
    )
    link.refresh_from_db()
    assert (link.label, link.expires_at) == ("Renamed", when)


def test_turning_off_from_the_links_page_comes_back_to_it(owner, link, takes):
    response = owner.post(f"/shares/{link.code}/revoke/", {"from": "link"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/shares/{link.code}/"
    assert "Turned off" in html and "opens nothing any more" in html
    assert "Save settings" not in html and "Add to the link" not in html and "Remove" not in html


def test_the_projects_links_page_counts_opens_viewers_and_client_comments(
    owner, project, link, make_link, takes, alice
):
    quiet, _ = make_link(renders=takes[:1], label="Quiet one")
    seen = LinkVisitor.objects.create(link=link, opens=3, name="Cleo", email="c@acme.example")
    LinkVisitor.objects.create(link=link, opens=2)
    LinkVisitor.objects.create(link=link, opens=0)
    LinkVisitor.objects.create(link=quiet, opens=0)
    Comment.objects.create(render=takes[0], visitor=seen, share_link=link, body="Lovely")
    Comment.objects.create(render=takes[1], visitor=seen, share_link=link, body="Shorter?")
    Comment.objects.create(render=takes[0], author=alice, body="Team note")
    response = owner.get(f"/projects/{project.code}/shares/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    rows = {row.label: row for row in response.context["links"]}
    busy, calm = rows["For ACME"], rows["Quiet one"]
    assert (busy.video_count, busy.opens, busy.viewers, busy.client_comments) == (2, 5, 2, 2)
    assert (calm.video_count, calm.opens, calm.viewers, calm.client_comments) == (1, 0, 0, 0)
    html = response.content.decode()
    assert "<strong>5</strong> opens" in html and "<strong>2</strong> viewers" in html
    assert "<strong>2</strong> comments from clients" in html
    for one in (link, quiet):
        assert f'value="http://testserver/s/{one.token()}/"' in html
        assert f'href="/shares/{one.code}/"' in html


def test_the_links_page_takes_the_same_queries_for_many_links(owner, project, make_link, takes):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert owner.get(f"/projects/{project.code}/shares/").status_code == 200
        return len(captured)

    make_link(renders=takes[:1])
    one = queries()
    for n in range(6):
        other, _ = make_link(renders=takes, label=f"Client {n}")
        LinkVisitor.objects.create(link=other, opens=n + 1)
    assert queries() == one


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_may_not_open_or_change_links(client, bob, team, project, link, role):
    set_role(bob, team, role)
    login_as(client, bob, team)
    assert client.get(f"/shares/{link.code}/").status_code == 403
    assert client.get(f"/projects/{project.code}/shares/").status_code == 403
    response = client.post(f"/shares/{link.code}/settings/", {"label": "Mine", "expires": "keep"})
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.label == "For ACME"


def test_outsiders_learn_nothing(client, charlie, project, link):
    login_as(client, charlie)
    assert client.get(f"/shares/{link.code}/").status_code == 404
    assert client.get(f"/projects/{project.code}/shares/").status_code == 404
