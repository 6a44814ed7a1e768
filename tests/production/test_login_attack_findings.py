"""The security review's two findings about log-in throttling, reproduced.

Before allauth, failures were counted only per (e-mail address, IP address):
150 wrong passwords over 30 accounts from one IP address were never slowed,
nor 80 guesses at one account from 50 forwarded addresses (and the right
password still worked right after). Now an IP address has a budget over all
accounts, and an account a budget from anywhere, with a short cool-down."""

import time

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.test import Client

from projects.models import User
from tests.conftest import log_in
from tests.production.conftest import PRODUCTION_ENV, read_settings

REFUSAL = "Too many attempts."
MISMATCH = "e-mail address and password do not match"


def checked(response):
    """Whether the password was checked (and found wrong), not refused unread."""
    body = response.content.decode()
    assert response.status_code == 200
    assert (MISMATCH in body) != (REFUSAL in body), body
    return MISMATCH in body


@pytest.fixture
def thirty_accounts(db):
    password = make_password("their own secret")
    users = User.objects.bulk_create(
        User(username=f"person{n}@example.org", email=f"person{n}@example.org", password=password)
        for n in range(30)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    return users


def test_one_ip_address_trying_many_accounts_is_slowed(client, alice, thirty_accounts):
    guesses = [
        checked(log_in(client, user.email, f"guess {n}"))
        for user in thirty_accounts
        for n in range(5)
    ]
    assert sum(guesses) == django_settings.LOGIN_MAX_FAILURES_PER_IP == 30
    assert guesses[:30] == [True] * 30 and not any(guesses[30:])
    # From that address, even a right password waits...
    assert REFUSAL in log_in(client, "alice@example.org").content.decode()
    # ...while everyone else logs in as usual.
    assert log_in(Client(), "alice@example.org", REMOTE_ADDR="198.51.100.20").status_code == 302


class Later:
    """The clock allauth's budgets read, moved on: waiting without sleeping."""

    def __init__(self, seconds):
        self.seconds = seconds

    def time(self):
        return time.time() + self.seconds

    def __getattr__(self, name):
        return getattr(time, name)


def test_one_account_tried_from_many_forwarded_addresses_cools_down(
    client, alice, settings, monkeypatch
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # BEHIND_PROXY=1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    guesses = [
        checked(
            log_in(
                client,
                "alice@example.org",
                f"guess {n}",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n % 50}",
                **proxy,
            )
        )
        for n in range(80)
    ]
    assert sum(guesses) == settings.LOGIN_MAX_FAILURES_PER_ACCOUNT == 10
    assert guesses[:10] == [True] * 10 and not any(guesses[10:])

    # Alice, from her own address, during the cool-down: refused, even with
    # the right password, and told what to do.
    owner = Client()
    response = log_in(owner, "alice@example.org", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert REFUSAL in response.content.decode()
    assert "reset your password" in response.content.decode()
    assert "_auth_user_id" not in owner.session

    # Once the cool-down is over (minutes, not hours), her password works.
    cooldown = settings.LOGIN_ACCOUNT_COOLDOWN_SECONDS
    assert cooldown <= 15 * 60
    monkeypatch.setattr("allauth.core.internal.ratelimit.time", Later(cooldown + 1))
    response = log_in(owner, "alice@example.org", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(alice.pk)


def test_the_forwarded_address_is_trusted_only_behind_our_proxy(tmp_path):
    names = ["BEHIND_PROXY", "ALLAUTH_TRUSTED_PROXY_COUNT", "ACCOUNT_RATE_LIMITS"]
    behind = read_settings(tmp_path, names, **PRODUCTION_ENV)
    direct = read_settings(tmp_path, names, **{**PRODUCTION_ENV, "BEHIND_PROXY": "0"})
    assert (behind["BEHIND_PROXY"], behind["ALLAUTH_TRUSTED_PROXY_COUNT"]) == (True, 1)
    assert (direct["BEHIND_PROXY"], direct["ALLAUTH_TRUSTED_PROXY_COUNT"]) == (False, 0)
    budgets = behind["ACCOUNT_RATE_LIMITS"]
    assert budgets["login_failed"] == "30/900s/ip,10/300s/key"
    assert budgets["login_failed_pair"] == "5/900s/key"


def test_the_budgets_come_from_the_environment(tmp_path):
    env = {
        "LOGIN_MAX_FAILURES": "3",
        "LOGIN_FAILURE_WINDOW_SECONDS": "600",
        "LOGIN_MAX_FAILURES_PER_IP": "50",
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": "8",
        "LOGIN_ACCOUNT_COOLDOWN_SECONDS": "120",
    }
    budgets = read_settings(tmp_path, ["ACCOUNT_RATE_LIMITS"], **env)["ACCOUNT_RATE_LIMITS"]
    assert budgets["login_failed"] == "50/600s/ip,8/120s/key"
    assert budgets["login_failed_pair"] == "3/600s/key"
