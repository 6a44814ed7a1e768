"""A refusal shown after a redirect is announced by screen readers: a live
region present when the page loads says nothing, role="alert" does."""

import re

from projects.models import Membership
from tests.conftest import login_as


def test_an_error_message_is_an_alert_and_a_success_is_not(client, alice, bob, team):
    membership = Membership.objects.get(team=team, user=bob)
    login_as(client, alice)
    url = f"/teams/{team.code}/members/{membership.code}/role/"

    refused = client.post(url, {"role": "god"}, follow=True).content.decode()
    flash = re.search(r'<li class="flash flash--error"[^>]*>([^<]*)</li>', refused)
    assert flash and 'role="alert"' in flash.group(0)
    assert flash.group(1) == "Pick one of the roles: owner, editor or viewer."

    done = client.post(url, {"role": "viewer"}, follow=True).content.decode()
    success = re.search(r'<li class="flash flash--success"[^>]*>', done)
    assert success and "role=" not in success.group(0)
