"""Who may open what: every URL of the app against every kind of visitor.

The table is in tests/url_table.py, one entry per named URL. A new URL
without an entry fails ``test_every_url_of_the_app_is_in_the_table``, which
lists the names to add: nothing is reachable without a decision written down
there, media included.
"""

import pytest

from tests.url_table import (
    ANONYMOUS,
    LINK,
    LINK_HOLDERS,
    LOGIN,
    OWNER,
    PRINCIPALS,
    TABLE,
    named_urls,
)
from tests.url_world import client_for


def test_every_url_of_the_app_is_in_the_table():
    urls = named_urls()
    missing, stale = sorted(urls - set(TABLE)), sorted(set(TABLE) - urls)
    assert not missing, f"URL names without an entry in tests/url_table.py: {missing}"
    assert not stale, f"Entries for URL names that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_who_may_open_each_url(world, name):
    got, expected = {}, {}
    for index, case in enumerate(TABLE[name]):
        for principal in PRINCIPALS:
            token = world.tokens.get(principal, world.tokens[LINK])
            url = case.url(world, token)
            client = client_for(world, principal)
            send = client.post if case.method == "POST" else client.get
            response = send(url, case.data)
            key = f"{index}: {case.method} {url} as {principal}"
            got[key] = response.status_code
            expected[key] = case.expected[principal]
            if response.status_code == 302 and case.expected[principal] == LOGIN:
                is_login = response["Location"].startswith("/accounts/login/")
                if principal in (ANONYMOUS, *LINK_HOLDERS):
                    assert is_login, f"{key} went to {response['Location']}, not to log in"
    assert got == expected


@pytest.mark.parametrize(
    "name", sorted(n for n, cases in TABLE.items() if all(c.method == "POST" for c in cases))
)
def test_urls_that_change_things_refuse_a_get(world, name):
    client = client_for(world, OWNER)
    for case in TABLE[name]:
        assert client.get(case.url(world, world.tokens[LINK])).status_code == 405


def test_no_media_file_is_reachable_without_a_check(world, client):
    """Stored files have no public address: only the views above serve them."""
    document = world.portrait.consent.document
    for stored in [world.render.video, world.render.poster, world.portrait.file, document]:
        for prefix in ["/media/", "/"]:
            assert client.get(prefix + stored.name).status_code == 404
    client.force_login(world.alice)
    for stored in [world.render.video, world.portrait.file, document]:
        assert client.get("/media/" + stored.name).status_code == 404
