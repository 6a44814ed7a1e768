"""Every account page (allauth's views, our templates) opens in the site's
frame and keeps to the Content-Security-Policy: no inline script or style."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from tests.conftest import PASSWORD, link_in, log_in, login_as
from tests.production.test_csp import inline_code

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-not-a-token/",
]
OWN_PAGES = [
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
]
WITH_APP_PAGES = [
    "/accounts/2fa/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/totp/deactivate/",
]


def assert_in_the_site_frame(response, url):
    assert response.status_code in (200, 403, 429), url
    body = response.content.decode()
    assert inline_code(body) == [], url
    assert 'href="/static/css/app.css"' in body, url
    assert "Avatar Studio" in body, url


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_the_pages_before_logging_in(client, db, url):
    assert_in_the_site_frame(client.get(url), url)


def test_a_person_s_own_pages(client, alice):
    log_in(client, "alice@example.org")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for url in OWN_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_in_the_site_frame(response, url)
    # The account pages share a menu: e-mail, password, two-step sign-in.
    assert 'aria-label="Your account"' in client.get("/accounts/email/").content.decode()


def test_the_pages_of_someone_with_an_authenticator_app(client, alice):
    TOTP.activate(alice, generate_totp_secret())
    RecoveryCodes.activate(alice)
    login_as(client, alice)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for url in WITH_APP_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_in_the_site_frame(response, url)


def test_the_team_pages_about_two_step_sign_in(client, alice, bob, team):
    login_as(client, alice, team)
    url = f"/teams/{team.code}/security/"
    assert_in_the_site_frame(client.get(url), url)
    team.require_mfa = True
    team.save()
    login_as(client, bob, team)
    refused = client.get("/")
    assert refused.status_code == 403
    assert_in_the_site_frame(refused, "/ (two-step sign-in needed)")


def test_too_many_requests_has_a_page_of_its_own(client, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    response = client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    assert response.status_code == 429
    assert "Wait a minute and try again" in response.content.decode()
    assert_in_the_site_frame(response, "429")


def test_changing_the_address_waits_for_the_new_one_to_be_confirmed(client, alice):
    login_as(client, alice)
    response = client.post("/accounts/email/", {"action_add": "", "email": "alice@new.example"})
    assert response.status_code == 302
    page = client.get("/accounts/email/")
    assert_in_the_site_frame(page, "/accounts/email/ (pending)")
    assert "Changing to" in page.content.decode()
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"
    client.post(link_in(mail.outbox[-1], "/accounts/confirm-email/"))
    alice.refresh_from_db()
    assert alice.email == "alice@new.example"
