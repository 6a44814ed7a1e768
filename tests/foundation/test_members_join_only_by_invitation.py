"""People join a team only by accepting an invitation: nobody can be added
without their consent, and the invitation pages never tell whether an
address has an account (issue #12)."""

import re

from django.core import mail
from django.urls import NoReverseMatch, reverse

from projects.models import Invite, Membership
from projects.teams import forms, services
from projects.teams.roles import Role
from tests.conftest import login_as

INVITE_LINK = re.compile(r"/invites/([A-Za-z0-9_-]+)/")


def test_posting_an_address_to_the_members_page_adds_nobody(client, alice, charlie, team):
    login_as(client, alice, team)
    response = client.post(
        f"/teams/{team.code}/members/", {"email": "charlie@example.org", "role": "owner"}
    )
    assert response.status_code == 405
    assert not Membership.objects.filter(team=team, user=charlie).exists()


def test_the_members_page_offers_invitations_and_no_way_to_add_someone(client, alice, team):
    login_as(client, alice, team)
    body = client.get(f"/teams/{team.code}/members/").content.decode()
    assert "Invite people" in body
    assert "Add a member" not in body and "Add member" not in body
    assert 'name="email"' in body  # the invitation's field...
    assert body.count('name="email"') == 1  # ...and no other


def test_the_direct_add_code_is_gone():
    assert not hasattr(forms, "AddMemberForm")
    assert not hasattr(services, "membership_add")
    try:
        reverse("member_add", args=["00000000-0000-0000-0000-000000000000"])
    except NoReverseMatch:
        pass
    else:
        raise AssertionError("a URL to add members directly exists")


def test_someone_with_an_account_joins_by_accepting_an_invitation(client, alice, charlie, team):
    login_as(client, alice, team)
    client.post(
        f"/teams/{team.code}/invites/new/",
        {"email": "charlie@example.org", "role": "viewer", "days": 7},
    )
    assert not Membership.objects.filter(team=team, user=charlie).exists()
    token = INVITE_LINK.search(mail.outbox[0].body).group(1)
    login_as(client, charlie)
    client.post(f"/invites/{token}/")
    assert Membership.objects.get(team=team, user=charlie).role == Role.VIEWER


def _without(body, *parts):
    for part in parts:
        body = body.replace(part, "ADDRESS")
    body = INVITE_LINK.sub("/invites/TOKEN/", body)
    # The CSRF token differs from page to page.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_inviting_answers_the_same_for_a_known_and_an_unknown_address(client, alice, charlie, team):
    login_as(client, alice, team)
    answers = {}
    for address in ["charlie@example.org", "nobody@example.org"]:
        response = client.post(
            f"/teams/{team.code}/invites/new/", {"email": address, "role": "editor", "days": 7}
        )
        answers[address] = (response.status_code, _without(response.content.decode(), address))
    assert answers["charlie@example.org"] == answers["nobody@example.org"]
    assert answers["nobody@example.org"][0] == 200
    assert Invite.objects.count() == 2
    known, unknown = (m.body for m in mail.outbox)
    assert _without(known, "charlie@example.org") == _without(unknown, "nobody@example.org")


def test_an_invitation_reads_the_same_whether_its_address_has_an_account(
    client, alice, charlie, team
):
    login_as(client, alice, team)
    for address in ["charlie@example.org", "nobody@example.org"]:
        client.post(
            f"/teams/{team.code}/invites/new/", {"email": address, "role": "editor", "days": 7}
        )
    client.logout()
    pages = []
    for message, address in zip(
        mail.outbox, ["charlie@example.org", "nobody@example.org"], strict=True
    ):
        token = INVITE_LINK.search(message.body).group(1)
        response = client.get(f"/invites/{token}/")
        assert response.status_code == 200
        pages.append(_without(response.content.decode(), address, token))
    assert pages[0] == pages[1]
    assert "Sign up or log in" in pages[0]
