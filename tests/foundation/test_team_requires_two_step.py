"""Owners may ask every member of their team for two-step sign-in; members
without it are shown how to set it up before they can use the team's pages."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.conftest import login_as

SET_UP = "/accounts/2fa/totp/activate/"


def security_url(team):
    return f"/teams/{team.code}/security/"


def turn_on(user):
    TOTP.activate(user, generate_totp_secret())


@pytest.fixture
def strict_team(team, alice):
    team.require_mfa = True
    team.save()
    return team


def test_an_owner_without_it_cannot_ask_it_of_others(client, alice, team):
    login_as(client, alice, team)
    response = client.post(security_url(team), {"require_mfa": "on"})
    assert response.status_code == 400
    assert "Set up two-step sign-in for yourself first" in response.content.decode()
    team.refresh_from_db()
    assert team.require_mfa is False


def test_an_owner_with_it_turns_the_requirement_on_and_off(client, alice, bob, team):
    turn_on(alice)
    login_as(client, alice, team)
    page = client.get(security_url(team)).content.decode()
    assert "Bob" in page  # members who still need to set it up are listed
    response = client.post(security_url(team), {"require_mfa": "on"})
    assert response["Location"] == f"/teams/{team.code}/members/"
    team.refresh_from_db()
    assert team.require_mfa is True
    members = client.get(response["Location"]).content.decode()
    assert "Two-step sign-in: required" in members
    client.post(security_url(team), {})
    team.refresh_from_db()
    assert team.require_mfa is False


@pytest.mark.parametrize("page", ["/", "project", "members"])
def test_a_member_without_it_is_asked_to_set_it_up(client, bob, strict_team, project, page):
    path = {
        "/": "/",
        "project": f"/projects/{project.code}/",
        "members": f"/teams/{strict_team.code}/members/",
    }[page]
    login_as(client, bob, strict_team)
    response = client.get(path)
    assert response.status_code == 403
    body = response.content.decode()
    assert "ask every member to use two-step sign-in" in body
    assert f'href="{SET_UP}"' in body
    # Bob has a team of his own: he can go on working there.
    assert 'href="/teams/"' in body
    assert "Spring campaign" not in body


def test_once_set_up_the_team_pages_open(client, bob, strict_team, project):
    turn_on(bob)
    login_as(client, bob, strict_team)
    assert client.get(f"/projects/{project.code}/").status_code == 200
    assert "Spring campaign" in client.get("/").content.decode()


def test_other_teams_of_the_member_are_not_affected(client, bob, strict_team):
    own = bob.memberships.exclude(team=strict_team).get().team
    login_as(client, bob, own)
    assert client.get("/").status_code == 200
    assert client.get(f"/teams/{own.code}/members/").status_code == 200
    # Switching into the strict team is where he is asked.
    assert client.post(f"/teams/{strict_team.code}/switch/").status_code == 403


def test_only_owners_change_it(client, bob, team):
    turn_on(bob)
    login_as(client, bob, team)
    assert client.post(security_url(team), {"require_mfa": "on"}).status_code == 403
    team.refresh_from_db()
    assert team.require_mfa is False
