"""Failed log-ins, counted in the shared cache: five per e-mail address and IP
address in 15 minutes; beyond, even the right password is refused until the
window slides (tests/production/test_login_attack_findings.py has the budgets
per IP address and per account)."""

import time

import pytest
from django.test import Client

from tests.conftest import PASSWORD, log_in

REFUSAL = "Too many attempts. Wait 15 minutes or reset your password."
MISMATCH = "e-mail address and password do not match"


def attempt(client, password, email="alice@example.org", **extra):
    return log_in(client, email, password, **extra)


def fail_five_times(client, email="alice@example.org", **extra):
    for _ in range(5):
        response = attempt(client, "wrong password", email, **extra)
        assert response.status_code == 200
        assert MISMATCH in response.content.decode()


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, alice):
    fail_five_times(client)
    response = attempt(client, PASSWORD)
    assert response.status_code == 200
    body = response.content.decode()
    assert REFUSAL in body
    assert 'role="alert"' in body
    assert "_auth_user_id" not in client.session


def test_five_failures_still_leave_the_right_password_working(client, alice):
    for _ in range(4):
        attempt(client, "wrong password")
    response = attempt(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_successful_log_in_clears_the_count_of_this_address_and_ip(client, alice):
    for _ in range(4):
        attempt(client, "wrong password")
    assert attempt(client, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    # Eight failures in all, and still in: the success started this count again.
    for _ in range(4):
        assert MISMATCH in attempt(client, "wrong password").content.decode()
    assert attempt(client, PASSWORD).status_code == 302


def test_the_count_is_per_e_mail_address(client, alice, bob):
    fail_five_times(client, "alice@example.org")
    assert attempt(client, PASSWORD, "bob@example.org").status_code == 302


def test_the_count_is_per_ip_address(client, alice):
    fail_five_times(client, REMOTE_ADDR="203.0.113.7")
    assert attempt(client, PASSWORD, REMOTE_ADDR="203.0.113.8").status_code == 302


def test_the_e_mail_address_counts_in_any_case(client, alice):
    fail_five_times(client, "Alice@Example.org")
    assert REFUSAL in attempt(client, PASSWORD, "alice@example.org").content.decode()


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, alice):
    for n in range(5):
        attempt(client, "wrong password", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert REFUSAL in response.content.decode()


def test_behind_a_proxy_the_address_it_appended_is_the_client(client, alice, settings):
    # BEHIND_PROXY=1 sets this (tests/production/test_login_attack_findings.py).
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    fail_five_times(client, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    # Same client, whatever it claims in front of the proxy's entry...
    response = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    assert REFUSAL in response.content.decode()
    # ...and another client behind the same proxy is not locked out.
    assert attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302


def test_attempts_are_allowed_again_after_the_window(client, alice, settings):
    settings.LOGIN_FAILURE_WINDOW_SECONDS = settings.LOGIN_ACCOUNT_COOLDOWN_SECONDS = 1
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "30/1s/ip,10/1s/key",
        "login_failed_pair": "5/1s/key",
    }
    fail_five_times(client)
    assert "Wait 1 minute or" in attempt(client, PASSWORD).content.decode()
    # The database cache keeps expiry times to the second.
    time.sleep(2.2)
    assert attempt(client, PASSWORD).status_code == 302


def test_the_admin_logs_in_through_the_same_page(client, db, django_user_model):
    django_user_model.objects.create_superuser(
        username="root@example.org", email="root@example.org", password=PASSWORD
    )
    # No password is checked on the admin's own page any more...
    for method in (client.get, client.post):
        response = method("/admin/login/", {"username": "root@example.org", "password": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=%2Fadmin%2Flogin%2F")
    # ...so the same count applies to the admin.
    fail_five_times(client, "root@example.org")
    assert REFUSAL in attempt(client, PASSWORD, "root@example.org").content.decode()


class CacheThatDoesNotAnswer:
    def __getattr__(self, name):
        def broken(*args, **kwargs):
            raise ConnectionError("cache down")

        return broken


def test_a_cache_that_does_not_answer_does_not_lock_everybody_out(client, alice, monkeypatch):
    monkeypatch.setattr("allauth.core.internal.ratelimit.cache", CacheThatDoesNotAnswer())
    assert MISMATCH in attempt(client, "wrong password").content.decode()
    assert attempt(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("page", ["/accounts/password/reset/"])
def test_the_refusal_points_to_a_page_that_stays_open(client, alice, page):
    fail_five_times(client)
    assert client.get(page).status_code == 200
    assert Client().post(page, {"email": "alice@example.org"}).status_code == 302
