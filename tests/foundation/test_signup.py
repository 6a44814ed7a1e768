"""Signing up, confirming the address, logging in and out, resetting a password."""

from django.contrib.auth import get_user_model
from django.core import mail

from projects.models import Membership
from projects.teams.roles import Role
from tests.conftest import PASSWORD, link_in, log_in

CONFIRM = "/accounts/confirm-email/"


def sign_up(client, email="Dana@Example.org", name="Dana", password=PASSWORD, **extra):
    return client.post(
        "/accounts/signup/", {"name": name, "email": email, "password1": password, **extra}
    )


def confirm(client, message):
    link = link_in(message, CONFIRM)
    page = client.get(link)
    assert page.status_code == 200
    assert "Yes, confirm my address" in page.content.decode()
    return client.post(link)


def test_sign_up_asks_to_confirm_the_address_before_anything_else(client, db):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == CONFIRM
    assert "Check your e-mail" in client.get(CONFIRM).content.decode()
    user = get_user_model().objects.get(email="dana@example.org")
    assert user.first_name == "Dana"
    # No team yet, and not logged in: the pages send them to log in.
    assert not Membership.objects.filter(user=user).exists()
    assert client.get("/")["Location"].startswith("/accounts/login/")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dana@example.org"]


def test_confirming_the_address_logs_in_with_a_team_of_their_own(client, db):
    sign_up(client)
    response = confirm(client, mail.outbox[0])
    assert response.status_code == 302
    user = get_user_model().objects.get(email="dana@example.org")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.team.name == "Dana's team"
    page = client.get("/", follow=True)
    assert page.status_code == 200
    assert "Dana&#x27;s team" in page.content.decode()
    assert "Welcome to Avatar Studio! Start by creating a project." in page.content.decode()


def test_confirming_in_another_browser_then_logging_in_gives_the_team(client, db):
    sign_up(client, name="")
    other = client.__class__()
    assert confirm(other, mail.outbox[0]).status_code == 302
    assert log_in(other, "dana@example.org").status_code == 302
    assert Membership.objects.get(user__email="dana@example.org").team.name == "dana's team"


def test_an_unconfirmed_address_cannot_log_in(client, db):
    sign_up(client)
    client.logout()
    mail.outbox.clear()
    response = log_in(client, "dana@example.org")
    assert response["Location"] == CONFIRM
    assert "_auth_user_id" not in client.session
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_the_username_is_the_e_mail_address_and_never_asked(client, db):
    assert 'name="username"' not in client.get("/accounts/signup/").content.decode()
    sign_up(client)
    assert get_user_model().objects.get(email="dana@example.org").username == "dana@example.org"


def test_signing_up_is_for_people_who_are_not_logged_in(client, alice):
    assert client.get("/accounts/signup/").status_code == 200
    client.force_login(alice)
    assert client.get("/accounts/signup/").status_code == 302


def test_sign_up_refuses_a_weak_password_and_creates_nothing(client, db):
    response = sign_up(client, email="eve@example.org", password="123")
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not get_user_model().objects.exists()
    assert not mail.outbox


def test_login_takes_the_e_mail_in_any_case(client, alice):
    response = log_in(client, "Alice@Example.org")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_login_with_a_wrong_password_explains(client, alice):
    response = log_in(client, "alice@example.org", "x")
    assert response.status_code == 200
    assert "e-mail address and password do not match" in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(client, alice):
    client.force_login(alice)
    assert "Log out?" in client.get("/accounts/logout/").content.decode()
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_old_addresses_lead_to_the_new_pages(client, db):
    assert client.get("/signup/?next=/x/")["Location"] == "/accounts/signup/?next=/x/"
    assert client.get("/accounts/password_reset/")["Location"] == "/accounts/password/reset/"


def test_password_reset_sends_a_working_link(client, alice):
    response = client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "username" not in mail.outbox[0].body
    response = client.get(link_in(mail.outbox[0], "/accounts/password/reset/key/"), follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0]
    new = "a brand new passphrase"
    response = client.post(set_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)
    # The reset logged her in; the new password works on its own too.
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert log_in(client, "alice@example.org", new).status_code == 302
