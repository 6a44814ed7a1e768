"""Two-step sign-in: an authenticator app (TOTP), with recovery codes."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.conftest import PASSWORD, log_in, totp_code

AUTHENTICATE = "/accounts/2fa/authenticate/"


def set_up_in_the_browser(client, email):
    """What a person does: log in, open the set-up page, confirm their password,
    scan the code, type the app's code."""
    assert log_in(client, email).status_code == 302
    page = client.get("/accounts/2fa/totp/activate/", follow=True)
    assert "Confirm it's you" in page.content.decode()
    page = client.post(
        page.request["PATH_INFO"] + "?" + page.request["QUERY_STRING"],
        {"password": PASSWORD},
        follow=True,
    )
    assert page.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
    body = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body  # the QR code, allowed by the CSP
    secret = re.search(r'id="authenticator_secret">([A-Z2-7]+)<', body).group(1)
    return secret, client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})


@pytest.fixture
def alice_with_app(alice):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    codes = RecoveryCodes.activate(alice).get_unused_codes()
    return secret, codes


def test_setting_up_the_app_shows_recovery_codes(client, alice):
    secret, response = set_up_in_the_browser(client, "alice@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    page = client.get(response["Location"]).content.decode()
    assert "Your recovery codes" in page
    assert len(re.findall(r"<li><code>\d{8}</code></li>", page)) == 10
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()
    assert "Turn off two-step sign-in" in client.get("/accounts/2fa/").content.decode()


def test_a_wrong_code_does_not_turn_it_on(client, alice):
    log_in(client, "alice@example.org")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert response.status_code == 200
    assert "This code does not match" in response.content.decode()
    assert not Authenticator.objects.filter(user=alice).exists()


def test_log_in_asks_for_the_code_after_the_password(client, alice, alice_with_app):
    secret, _ = alice_with_app
    response = log_in(client, "alice@example.org")
    assert response["Location"] == AUTHENTICATE
    assert "_auth_user_id" not in client.session
    page = client.get(AUTHENTICATE).content.decode()
    assert "six-digit code" in page
    wrong = client.post(AUTHENTICATE, {"code": "123456"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    assert client.post(AUTHENTICATE, {"code": totp_code(secret)}).status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_recovery_code_works_once(client, alice, alice_with_app):
    _, codes = alice_with_app
    log_in(client, "alice@example.org")
    assert client.post(AUTHENTICATE, {"code": codes[0]}).status_code == 302
    client.post("/accounts/logout/")
    log_in(client, "alice@example.org")
    assert client.post(AUTHENTICATE, {"code": codes[0]}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_account_page_offers_to_set_it_up(client, alice):
    log_in(client, "alice@example.org")
    page = client.get("/accounts/2fa/").content.decode()
    assert "Set up two-step sign-in" in page
    assert 'href="/accounts/2fa/totp/activate/"' in page
    assert 'href="/accounts/2fa/"' in client.get("/").content.decode()  # "Account" in the bar
