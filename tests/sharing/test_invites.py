"""Team invitations: owners invite by link or by e-mail with a role; the link
works once, for a while, and an e-mail invitation only for that address."""

import re
import uuid

import pytest
from django.core import mail

from projects.models import Invite, Membership, User, hash_token
from projects.teams.middleware import SESSION_KEY
from projects.teams.roles import Role
from tests.conftest import PASSWORD, link_in, login_as, set_role
from tests.sharing.conftest import expire

INVITE_URL = re.compile(r"http://[^\s\"<]+/invites/([A-Za-z0-9_-]+)/")


def invite_token(text):
    match = INVITE_URL.search(text)
    assert match, "no invitation link found"
    return match.group(1)


def create(client, team, **data):
    return client.post(f"/teams/{team.code}/invites/new/", {"role": "editor", "days": 7, **data})


# --- Owners invite ------------------------------------------------------------


def test_an_owner_invites_by_link_and_sees_it_once(client, alice, team):
    login_as(client, alice, team)
    response = create(client, team, role="viewer")
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-copy" in body
    token = invite_token(body)
    invite = Invite.objects.get()
    assert invite.role == Role.VIEWER and invite.email == "" and invite.created_by == alice
    assert invite.token_hash == hash_token(token)
    assert not mail.outbox
    members_page = client.get(f"/teams/{team.code}/members/").content.decode()
    assert "Anyone with the link" in members_page
    assert token not in members_page


def test_an_invitation_lasts_seven_days_unless_the_owner_picks_otherwise(client, alice, team):
    login_as(client, alice, team)
    create(client, team)
    create(client, team, days=30)
    short, long = Invite.objects.order_by("created")
    assert round((short.expires_at - short.created).total_seconds() / 86400) == 7
    assert round((long.expires_at - long.created).total_seconds() / 86400) == 30


def test_an_owner_invites_by_email_and_the_link_is_sent_there(client, settings, alice, team):
    settings.SITE_URL = "https://studio.example.com"
    login_as(client, alice, team)
    response = create(client, team, email="Dana@Example.org", role="viewer")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@example.org"]
    assert "Alice's team" in message.subject
    assert "viewer" in message.body
    match = re.search(r"https://studio\.example\.com/invites/([A-Za-z0-9_-]+)/", message.body)
    assert match
    invite = Invite.objects.get()
    assert invite.email == "dana@example.org"
    assert invite.token_hash == hash_token(match.group(1))
    assert "dana@example.org" in client.get(f"/teams/{team.code}/members/").content.decode()


def test_the_database_never_holds_an_invitation_token(client, alice, team):
    login_as(client, alice, team)
    token = invite_token(create(client, team).content.decode())
    for value in Invite.objects.values_list():
        assert token not in repr(value)


def test_inviting_someone_already_in_the_team_explains(client, alice, bob, team):
    login_as(client, alice, team)
    response = create(client, team, email="bob@example.org")
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invite.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "data",
    [{"role": "boss"}, {"email": "not an address"}, {"days": 365}],
)
def test_a_bad_invitation_form_explains_and_creates_nothing(client, alice, team, data):
    login_as(client, alice, team)
    response = create(client, team, **data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Invite.objects.exists()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_only_owners_invite(client, bob, team, role):
    set_role(bob, team, role)
    login_as(client, bob, team)
    assert client.get(f"/teams/{team.code}/invites/new/").status_code == 403
    assert create(client, team).status_code == 403
    assert not Invite.objects.exists()
    assert "Invite people" not in client.get(f"/teams/{team.code}/members/").content.decode()


def test_outsiders_get_404(client, charlie, team, make_invite):
    invite, _ = make_invite()
    login_as(client, charlie)
    assert client.get(f"/teams/{team.code}/invites/new/").status_code == 404
    assert create(client, team).status_code == 404
    assert client.post(f"/teams/{team.code}/invites/{invite.code}/revoke/").status_code == 404
    invite.refresh_from_db()
    assert invite.revoked_at is None


def test_an_owner_revokes_a_pending_invitation(client, alice, bob, team, charlie, make_invite):
    invite, token = make_invite()
    login_as(client, bob, team)
    assert client.post(f"/teams/{team.code}/invites/{invite.code}/revoke/").status_code == 403
    login_as(client, alice, team)
    assert client.get(f"/teams/{team.code}/invites/{invite.code}/revoke/").status_code == 405
    response = client.post(f"/teams/{team.code}/invites/{invite.code}/revoke/")
    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.revoked_at is not None
    assert "Anyone with the link" not in client.get(f"/teams/{team.code}/members/").content.decode()
    login_as(client, charlie)
    refused = client.post(f"/invites/{token}/")
    assert refused.status_code == 410
    assert "withdrawn" in refused.content.decode()
    assert not Membership.objects.filter(team=team, user=charlie).exists()


def test_a_revoke_of_an_invitation_of_another_team_is_404(client, alice, charlie, team):
    login_as(client, alice, team)
    assert client.post(f"/teams/{team.code}/invites/{uuid.uuid4()}/revoke/").status_code == 404


# --- People accept ------------------------------------------------------------


def test_accepting_adds_the_member_with_the_role_and_switches_team(
    client, charlie, team, make_invite
):
    invite, token = make_invite(role=Role.VIEWER)
    login_as(client, charlie)
    page = client.get(f"/invites/{token}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Join Alice&#x27;s team" in body and "viewer" in body and '<form method="post"' in body
    response = client.post(f"/invites/{token}/")
    assert response.status_code == 302 and response["Location"] == "/"
    membership = Membership.objects.get(team=team, user=charlie)
    assert membership.role == Role.VIEWER
    assert client.session[SESSION_KEY] == str(team.code)
    invite.refresh_from_db()
    assert invite.accepted_by == charlie and invite.accepted_at is not None
    assert "Welcome to Alice&#x27;s team" in client.get("/").content.decode()


def test_an_invitation_works_once(client, alice, charlie, team, make_invite):
    _, token = make_invite()
    login_as(client, charlie)
    client.post(f"/invites/{token}/")
    dana = _sign_up(client, "dana@example.org")
    again = client.post(f"/invites/{token}/")
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    assert not Membership.objects.filter(team=team, user=dana).exists()
    assert client.get(f"/invites/{token}/").status_code == 410


def test_an_expired_invitation_changes_nothing(client, charlie, team, make_invite):
    invite, token = make_invite()
    expire(invite)
    login_as(client, charlie)
    response = client.post(f"/invites/{token}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(team=team, user=charlie).exists()
    invite.refresh_from_db()
    assert invite.accepted_at is None


def test_an_unknown_invitation_is_404(client, charlie):
    login_as(client, charlie)
    for token in ["nope", "x" * 300, "A" * 43]:
        response = client.get(f"/invites/{token}/")
        assert response.status_code == 404
        assert "does not work" in response.content.decode()


def test_someone_logged_out_is_asked_to_sign_up_or_log_in(client, team, make_invite):
    _, token = make_invite()
    path = f"/invites/{token}/"
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sign up or log in to join Alice&#x27;s team" in body
    assert f"/signup/?next=%2Finvites%2F{token}%2F" in body
    assert f"/accounts/login/?next=%2Finvites%2F{token}%2F" in body
    post = client.post(path)
    assert post.status_code == 302 and post["Location"].startswith("/accounts/login/?next=")


def test_signing_up_from_an_invitation_comes_back_to_it(client, team, make_invite):
    invite, token = make_invite(role=Role.VIEWER)
    path = f"/invites/{token}/"
    signup = client.get(f"/accounts/signup/?next={path}")
    assert f'name="next" value="{path}"' in signup.content.decode()
    response = client.post(
        "/accounts/signup/",
        {"name": "Dana", "email": "dana@example.org", "password1": PASSWORD, "next": path},
    )
    # The address is confirmed first; the confirmation comes back to the invitation.
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert not Membership.objects.filter(user__email="dana@example.org").exists()
    response = client.post(link_in(mail.outbox[-1], "/accounts/confirm-email/"))
    assert response.status_code == 302 and response["Location"] == path
    client.post(path)
    assert Membership.objects.get(team=team, user__email="dana@example.org").role == Role.VIEWER


def test_logging_in_from_an_invitation_comes_back_to_it(client, charlie, team, make_invite):
    _, token = make_invite()
    path = f"/invites/{token}/"
    login_page = client.get(f"/accounts/login/?next={path}").content.decode()
    assert f"/accounts/signup/?next=%2Finvites%2F{token}%2F" in login_page
    response = client.post(
        "/accounts/login/", {"login": "charlie@example.org", "password": PASSWORD, "next": path}
    )
    assert response["Location"] == path


def test_signup_ignores_a_next_address_on_another_site(client, db):
    client.post(
        "/accounts/signup/",
        {"email": "eve@example.org", "password1": PASSWORD, "next": "https://evil.example/"},
    )
    response = client.post(link_in(mail.outbox[-1], "/accounts/confirm-email/"))
    assert response["Location"] == "/"


def test_an_email_invitation_refuses_another_account(client, charlie, team, make_invite):
    invite, token = make_invite(email="dana@example.org")
    login_as(client, charlie)
    page = client.get(f"/invites/{token}/")
    assert page.status_code == 403
    assert "different e-mail address" in page.content.decode()
    assert client.post(f"/invites/{token}/").status_code == 403
    assert not Membership.objects.filter(team=team, user=charlie).exists()
    invite.refresh_from_db()
    assert invite.accepted_at is None
    # The right person can still use it.
    dana = _sign_up(client, "Dana@example.org")
    assert client.post(f"/invites/{token}/").status_code == 302
    assert Membership.objects.get(team=team, user=dana).role == Role.EDITOR


def test_a_member_opening_an_invitation_keeps_their_role_and_the_invitation(
    client, bob, team, make_invite
):
    invite, token = make_invite(role=Role.OWNER)
    login_as(client, bob, team)
    assert "already in" in client.get(f"/invites/{token}/").content.decode()
    response = client.post(f"/invites/{token}/")
    assert response.status_code == 302
    assert Membership.objects.get(team=team, user=bob).role == Role.EDITOR
    invite.refresh_from_db()
    assert invite.accepted_at is None


def test_owners_still_change_roles_and_remove_members(client, alice, bob, team):
    membership = Membership.objects.get(team=team, user=bob)
    login_as(client, alice, team)
    client.post(f"/teams/{team.code}/members/{membership.code}/role/", {"role": "viewer"})
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    client.post(f"/teams/{team.code}/members/{membership.code}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def _sign_up(client, email):
    """Sign up and confirm the address: then they are logged in."""
    client.logout()
    client.post("/accounts/signup/", {"email": email, "password1": PASSWORD})
    client.post(link_in(mail.outbox[-1], "/accounts/confirm-email/"))
    return User.objects.get(email=email.lower())


def test_when_the_mail_server_is_down_the_owner_gets_the_link_to_send(
    client, settings, alice, team
):
    settings.EMAIL_BACKEND = "tests.sharing.conftest.BrokenMailBackend"
    login_as(client, alice, team)
    response = create(client, team, email="dana@example.org")
    assert response.status_code == 200
    body = response.content.decode()
    assert "could not send the e-mail" in body
    token = invite_token(body)
    assert Invite.objects.get().token_hash == hash_token(token)
