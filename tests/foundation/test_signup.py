from django.contrib.auth import get_user_model
from django.core import mail

from projects.models import Membership
from projects.teams.roles import Role
from tests.conftest import PASSWORD


def test_sign_up_creates_a_team_with_the_person_as_owner(client, db):
    response = client.post(
        "/signup/", {"name": "Dana", "email": "Dana@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="dana@example.org")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.team.name == "Dana's team"
    # And the person is logged in.
    assert client.get("/").status_code == 200


def test_sign_up_refuses_an_e_mail_that_already_has_an_account(client, alice):
    response = client.post(
        "/signup/", {"email": "ALICE@example.org", "password": "another good passphrase"}
    )
    assert response.status_code == 200
    assert "already an account" in response.content.decode()
    assert get_user_model().objects.filter(email="alice@example.org").count() == 1


def test_sign_up_refuses_a_weak_password_and_creates_nothing(client, db):
    response = client.post("/signup/", {"email": "eve@example.org", "password": "123"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_login_takes_the_e_mail_in_any_case(client, alice):
    response = client.post(
        "/accounts/login/", {"username": "Alice@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_login_with_a_wrong_password_explains(client, alice):
    response = client.post("/accounts/login/", {"username": "alice@example.org", "password": "x"})
    assert response.status_code == 200
    assert "enter a correct" in response.content.decode().lower()


def test_logout_is_a_post_and_ends_the_session(client, alice):
    client.force_login(alice)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_password_reset_sends_a_working_link(client, alice):
    response = client.post("/accounts/password_reset/", {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url,
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a brand new passphrase")
