"""Anyone can leave a team, except its last owner; afterwards they work in a
team they are still in, or, with none left, see how to create one (issue #12)."""

from projects.models import Membership
from projects.teams.middleware import SESSION_KEY
from projects.teams.roles import Role
from tests.conftest import login_as, set_role


def leave(client, team):
    return client.post(f"/teams/{team.code}/leave/", follow=True)


def test_every_member_sees_a_leave_button_that_asks_first(client, bob, team):
    set_role(bob, team, Role.VIEWER)
    login_as(client, bob, team)
    body = client.get(f"/teams/{team.code}/members/").content.decode()
    assert f'action="/teams/{team.code}/leave/"' in body
    assert "Leave this team" in body
    assert "data-confirm=" in body


def test_a_member_leaves_and_works_in_a_team_they_are_still_in(client, bob, team):
    login_as(client, bob, team)
    own_team = bob.memberships.exclude(team=team).get().team
    response = leave(client, team)
    assert not Membership.objects.filter(team=team, user=bob).exists()
    assert response.redirect_chain[-1][0] == "/"
    body = response.content.decode()
    assert "You left Alice&#x27;s team" in body
    assert "Bob&#x27;s team" in body
    assert client.session[SESSION_KEY] == str(own_team.code)
    assert client.get(f"/teams/{team.code}/members/").status_code == 404


def test_an_owner_leaves_when_another_owner_stays(client, alice, bob, team):
    set_role(bob, team, Role.OWNER)
    login_as(client, alice, team)
    leave(client, team)
    assert not Membership.objects.filter(team=team, user=alice).exists()
    assert Membership.objects.get(team=team, user=bob).role == Role.OWNER


def test_the_last_owner_is_told_how_to_leave_and_stays(client, alice, bob, team):
    login_as(client, alice, team)
    response = leave(client, team)
    assert Membership.objects.get(team=team, user=alice).role == Role.OWNER
    assert response.redirect_chain[-1][0] == f"/teams/{team.code}/members/"
    body = response.content.decode()
    assert "You are the last owner of Alice&#x27;s team: make someone else an owner first" in body


def test_leaving_the_only_team_shows_how_to_create_one(client, alice, bob, team):
    # Bob's own team gets another owner, who stays; Bob leaves it and Alice's.
    own = bob.memberships.exclude(team=team).get()
    Membership.objects.create(team=own.team, user=alice, role=Role.OWNER)
    login_as(client, bob, team)
    leave(client, own.team)
    response = leave(client, team)
    assert not bob.memberships.exists()
    assert response.redirect_chain[-1][0] == "/teams/"
    body = response.content.decode()
    assert "You are not in any team now" in body
    assert "Create team" in body
    assert SESSION_KEY not in client.session
    # Every page still works without a team.
    assert client.get("/").status_code == 302
    assert client.get("/teams/").status_code == 200
    client.post("/teams/", {"name": "Fresh start"})
    assert bob.memberships.get().team.name == "Fresh start"


def test_a_page_after_leaving_uses_a_team_still_held_even_with_an_old_session(client, bob, team):
    login_as(client, bob, team)
    Membership.objects.filter(team=team, user=bob).delete()  # e.g. in another tab
    body = client.get("/").content.decode()
    assert "Bob&#x27;s team" in body


def test_leaving_a_team_you_are_not_in_is_a_404(client, charlie, team):
    login_as(client, charlie)
    assert client.post(f"/teams/{team.code}/leave/").status_code == 404


def test_leaving_needs_a_post(client, bob, team):
    login_as(client, bob, team)
    assert client.get(f"/teams/{team.code}/leave/").status_code == 405
    assert Membership.objects.filter(team=team, user=bob).exists()
