"""An invitation by e-mail goes out whatever the team's or the inviter's
name holds, names written before the one-line rule included; and when the
e-mail cannot go, the invitation stands and the owner gets its link
(issue #12)."""

import pytest
from django.core import mail
from django.core.mail import BadHeaderError

from projects.models import Invite, Team, User, hash_token
from tests.conftest import login_as
from tests.sharing.test_invites import create, invite_token


@pytest.fixture
def acme(team):
    # Written before names had to fit on one line.
    Team.objects.filter(pk=team.pk).update(name="Acme\nInc")
    team.refresh_from_db()
    return team


def test_a_team_renamed_in_the_database_to_two_lines_still_sends(client, alice, acme):
    login_as(client, alice, acme)
    response = create(client, acme, email="dana@example.org")
    assert response.status_code == 200
    assert "could not send" not in response.content.decode()
    (message,) = mail.outbox
    assert message.subject == "Alice invited you to Acme Inc on Avatar Studio"
    assert "the team “Acme Inc”" in message.body
    assert Invite.objects.get().email == "dana@example.org"


def test_an_inviter_whose_name_has_a_line_break_still_sends(client, alice, team):
    User.objects.filter(pk=alice.pk).update(first_name="Alice\r\nBcc: eve@example.org")
    alice.refresh_from_db()
    login_as(client, alice, team)
    assert create(client, team, email="dana@example.org").status_code == 200
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject.startswith("Alice Bcc: eve@example.org invited you")
    assert message.to == ["dana@example.org"] and not message.bcc


class RefusingMailBackend:
    """The mail library refusing a message, as it does a header with a line break."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise BadHeaderError("Header values can't contain newlines")


def test_a_refused_e_mail_keeps_the_invitation_and_shows_its_link(client, settings, alice, team):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailBackend"
    login_as(client, alice, team)
    response = create(client, team, email="dana@example.org")
    assert response.status_code == 200
    body = response.content.decode()
    assert "could not send the e-mail" in body
    assert Invite.objects.get().token_hash == hash_token(invite_token(body))


def test_an_e_mail_address_with_a_line_break_is_refused_next_to_the_field(client, alice, team):
    login_as(client, alice, team)
    response = create(client, team, email="dana@example.org\nBcc: eve@example.org")
    assert response.status_code == 400
    assert 'class="field__error"' in response.content.decode()
    assert not Invite.objects.exists()
