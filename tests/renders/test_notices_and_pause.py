"""People hear about their renders, and owners hear when Kling refuses us."""

from projects.models import Notice, ProviderPause
from projects.teams.roles import Role
from tests.conftest import login_as, set_role


def test_a_notice_shows_on_every_page_until_dismissed(client, alice, make_render):
    render = make_render()
    Notice.objects.create(user=alice, render=render, message="Your video in “X” is ready.")
    login_as(client, alice)
    page = client.get("/").content.decode()
    assert "Your video in “X” is ready." in page
    assert f"/renders/{render.code}/" in page
    client.post("/notices/read/", {"next": "/teams/"})
    assert "is ready." not in client.get("/").content.decode()


def test_dismissing_notices_never_redirects_off_site(client, alice):
    login_as(client, alice)
    response = client.post("/notices/read/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_notices_are_personal(client, alice, bob, team, make_render):
    Notice.objects.create(user=alice, message="Only for Alice")
    login_as(client, bob, team)
    assert "Only for Alice" not in client.get("/").content.decode()


def test_owners_see_a_banner_while_submissions_are_paused(client, alice, bob, team):
    ProviderPause.objects.create(
        category="billing", message="Kling says the account is out of credit."
    )
    login_as(client, alice)
    assert "New videos are on hold" in client.get("/").content.decode()
    set_role(bob, team, Role.EDITOR)
    login_as(client, bob, team)
    assert "New videos are on hold" not in client.get("/").content.decode()
