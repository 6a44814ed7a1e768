"""Sign-up, log-in and password reset answer the same whether an address has an
account or not: only the mailbox learns which (ACCOUNT_PREVENT_ENUMERATION)."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD

KNOWN, UNKNOWN = "alice@example.org", "nobody@example.org"


def page(response, *addresses):
    """What a person sees: the status, where it sends them, and the page it
    ends on, without the form's security token and the address they typed."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    for address in addresses:
        body = body.replace(address, "ADDRESS")
    return response.status_code, response.redirect_chain, body


def both(path, data_for):
    answers = []
    for address in (KNOWN, UNKNOWN):
        answers.append(page(Client().post(path, data_for(address), follow=True), address))
    return answers


def test_sign_up_answers_the_same_and_makes_no_second_account(alice):
    known, unknown = both(
        "/accounts/signup/",
        lambda a: {"name": "Eve", "email": a, "password1": "another good passphrase"},
    )
    assert known == unknown
    assert "Check your e-mail" in known[2]
    assert get_user_model().objects.filter(email=KNOWN).count() == 1
    # The owner of the address learns that they already have an account.
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "already have" in subjects[KNOWN]
    assert "Confirm" in subjects[UNKNOWN]


def test_log_in_with_a_wrong_password_answers_the_same(alice):
    known, unknown = both("/accounts/login/", lambda a: {"login": a, "password": "wrong"})
    assert known == unknown
    assert "do not match" in known[2]


def test_log_in_at_an_unknown_address_is_refused_like_a_wrong_password(alice):
    response = Client().post("/accounts/login/", {"login": UNKNOWN, "password": PASSWORD})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()


def test_password_reset_answers_the_same(alice):
    known, unknown = both("/accounts/password/reset/", lambda a: {"email": a})
    assert known == unknown
    assert "If an account uses that address" in known[2]
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Reset" in subjects[KNOWN]
    assert "About your Avatar Studio password" in subjects[UNKNOWN]
