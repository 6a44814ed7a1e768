"""How allauth treats the people of Avatar Studio (``ACCOUNT_ADAPTER``, and
``MFA_ADAPTER`` for two-step sign-in's words).

- Their username is their e-mail address, never shown: they log in with the
  address, and the sign-up form asks for a name, an address and a password.
- Failed log-ins spend three budgets (see ``ACCOUNT_RATE_LIMITS`` in the
  settings): allauth's per IP address and per account, and ours per (address,
  IP address), which a right password clears: the person who mistyped is not
  kept waiting once they are in.
- A cache that does not answer does not lock everybody out: the budgets are
  skipped (and logged), the password check still applies.
- The first time someone logs in, which is after their address is verified
  (``ACCOUNT_EMAIL_VERIFICATION = "mandatory"``), they get a team of their own.
"""

import hashlib
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.conf import settings
from django.contrib import messages

from projects.models import User
from projects.teams.services import personal_team_ensure
from projects.wording import quantity

log = logging.getLogger(__name__)

PAIR_BUDGET = "login_failed_pair"


def too_many_attempts_message() -> str:
    longest = max(settings.LOGIN_FAILURE_WINDOW_SECONDS, settings.LOGIN_ACCOUNT_COOLDOWN_SECONDS)
    minutes = max(1, round(longest / 60))
    return f"Too many attempts. Wait {quantity(minutes, 'minute')} or reset your password."


def pair_key(email: str, ip: str) -> str:
    # Hashed by allauth too; hashed here so that no address sits in a key.
    return hashlib.sha256(f"{email.strip().lower()}\n{ip}".encode()).hexdigest()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "This e-mail address and password do not match. Check both, or reset your password."
        ),
        "unverified_primary_email": "Confirm your e-mail address first: open the link we sent.",
        "rate_limited": "Too many requests in a short time. Wait a minute and try again.",
    }

    def __init__(self, request=None):
        super().__init__(request)
        # Built when asked: the settings (windows) may differ between tests.
        self.error_messages = {
            **self.error_messages,
            "too_many_login_attempts": too_many_attempts_message(),
        }

    # --- Who a new person is ---------------------------------------------------

    def is_safe_url(self, url):
        """Only a path on this site: a bare word such as "0" or "home" would
        otherwise be followed as a relative address."""
        return bool(url) and url.startswith("/") and super().is_safe_url(url)

    def save_user(self, request, user, form, commit=True):
        name = (form.cleaned_data.get("name") or "").strip()
        if name:
            user.first_name = name[:150]
        return super().save_user(request, user, form, commit=commit)

    def populate_username(self, request, user):
        email = (user.email or "").strip().lower()
        if email and not User.objects.filter(username=email).exclude(pk=user.pk).exists():
            user.username = email
        super().populate_username(request, user)

    def login(self, request, user):
        first_time = user.last_login is None
        super().login(request, user)
        if first_time and personal_team_ensure(user):
            messages.success(request, "Welcome to Avatar Studio! Start by creating a project.")

    # --- Failed log-ins ----------------------------------------------------------

    def pre_authenticate(self, request, **credentials):
        email = credentials.get("email") or credentials.get("username") or ""
        try:
            pair = pair_key(email, self.get_client_ip(request))
            # A person out of attempts for this pair spends nothing else.
            if not ratelimit.consume(request, action=PAIR_BUDGET, key=pair, dry_run=True):
                raise self.validation_error("too_many_login_attempts")
            # allauth's budgets: per IP address and per account.
            super().pre_authenticate(request, **credentials)
            if not ratelimit.consume(request, action=PAIR_BUDGET, key=pair):
                raise self.validation_error("too_many_login_attempts")
        except forms.ValidationError:
            log.warning(
                "Log-in refused: too many failed attempts (%s)", self.get_client_ip(request)
            )
            raise
        except Exception:
            # The health check reports the cache; the password check still applies.
            log.exception("Log-in budgets skipped: the cache does not answer")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            email = credentials.get("email") or credentials.get("username") or ""
            try:
                ratelimit.clear(
                    request, action=PAIR_BUDGET, key=pair_key(email, self.get_client_ip(request))
                )
            except Exception:
                log.exception("Could not clear failed log-ins: the cache does not answer")
        return user


class TwoStepAdapter(DefaultMFAAdapter):
    """Two-step sign-in (``MFA_ADAPTER``), in the site's words."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "This code does not match. Type the code your app shows now (it changes "
            "every 30 seconds), or one of your recovery codes."
        ),
        "add_email_blocked": (
            "Turn off two-step sign-in before changing your e-mail address, then turn it on again."
        ),
        "unverified_email": "Confirm your e-mail address before setting up two-step sign-in.",
    }
