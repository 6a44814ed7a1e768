"""The demo login that seed_demo prints opens the demo account: its address
is verified, so the log-in page lets it in."""

import io
import re

from django.core.management import call_command

from tests.conftest import log_in


def test_the_printed_demo_login_works(client, db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    email, password = re.search(
        r"Log in as (\S+) with the password “(.+)”", out.getvalue()
    ).groups()
    response = log_in(client, email, password)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Spring launch" in client.get("/").content.decode()
