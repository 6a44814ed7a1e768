from projects.models import Membership
from projects.teams.roles import Role
from projects.teams.services import team_create
from tests.conftest import login_as, set_role


def test_a_person_can_belong_to_several_teams_and_switch(client, alice, charlie):
    other = charlie.memberships.get().team
    Membership.objects.create(team=other, user=alice, role=Role.VIEWER)
    login_as(client, alice)
    client.post(f"/teams/{other.code}/switch/")
    body = client.get("/").content.decode()
    assert "Charlie&#x27;s team" in body
    assert "New project" not in body  # she is a viewer there


def test_switching_to_a_team_you_are_not_in_is_a_404(client, alice, charlie):
    other = charlie.memberships.get().team
    login_as(client, alice)
    assert client.post(f"/teams/{other.code}/switch/").status_code == 404


def test_a_person_can_create_another_team(client, alice):
    login_as(client, alice)
    client.post("/teams/", {"name": "Client: ACME"})
    team = alice.teams.get(name="Client: ACME")
    assert Membership.objects.get(team=team, user=alice).role == Role.OWNER


def test_only_an_owner_changes_roles_and_removes_members(client, alice, bob, team):
    membership = Membership.objects.get(team=team, user=bob)
    login_as(client, bob, team)
    url = f"/teams/{team.code}/members/{membership.code}"
    assert client.post(f"{url}/role/", {"role": "owner"}).status_code == 403
    assert client.post(f"{url}/remove/").status_code == 403
    login_as(client, alice, team)
    client.post(f"{url}/role/", {"role": "viewer"})
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    client.post(f"{url}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_owner_cannot_leave_or_be_demoted(client, alice, team):
    membership = Membership.objects.get(team=team, user=alice)
    login_as(client, alice)
    url = f"/teams/{team.code}/members/{membership.code}"
    response = client.post(f"{url}/role/", {"role": "viewer"}, follow=True)
    assert "at least one owner" in response.content.decode()
    client.post(f"{url}/remove/")
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_an_outsider_cannot_see_a_teams_members(client, charlie, team):
    login_as(client, charlie)
    assert client.get(f"/teams/{team.code}/members/").status_code == 404


def test_a_viewer_sees_members_but_no_controls(client, alice, bob, team):
    set_role(bob, team, Role.VIEWER)
    login_as(client, bob, team)
    body = client.get(f"/teams/{team.code}/members/").content.decode()
    assert "Alice" in body
    assert "Change role" not in body and "Add member" not in body


def test_an_unknown_role_changes_nothing(client, alice, bob, team):
    membership = Membership.objects.get(team=team, user=bob)
    login_as(client, alice)
    client.post(f"/teams/{team.code}/members/{membership.code}/role/", {"role": "god"})
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


def test_team_create_service_makes_the_creator_owner(alice):
    team = team_create(owner=alice, name="Second")
    assert team.memberships.get().role == Role.OWNER
