"""Who opened a share link: a visitor cookie per link, openings counted, and
neither bots, link previews nor the team's own views counted. No IP address
is kept anywhere."""

import json
import uuid

import pytest
from django.db import connection
from django.test import Client

from projects.models import LinkVisitor, VideoWatch
from projects.sharing.passwords import sharelink_set_password
from projects.sharing.visitors import VISITOR_COOKIE, is_bot
from tests.conftest import login_as

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/126.0.0.0 Safari/537.36"
)
ADDRESS = "203.0.113.77"


def browser(**headers):
    return Client(headers={"User-Agent": CHROME, **headers}, REMOTE_ADDR=ADDRESS)


def test_first_open_makes_a_visitor_and_each_open_counts_it(render, make_link):
    link, token = make_link()
    visitor_client = browser()
    first = visitor_client.get(f"/s/{token}/")
    assert first.status_code == 200
    cookie = first.cookies[VISITOR_COOKIE]
    assert cookie["path"] == f"/s/{token}/"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain http here; https gets Secure (below)
    visitor = LinkVisitor.objects.get(link=link)
    assert visitor.opens == 1
    # The cookie holds the visitor's code, signed.
    assert visitor.code.hex in cookie.value and cookie.value != visitor.code.hex

    visitor_client.get(f"/s/{token}/")
    visitor_client.get(f"/s/{token}/")
    visitor.refresh_from_db()
    assert visitor.opens == 3 and visitor.last_seen > visitor.first_seen
    assert LinkVisitor.objects.count() == 1

    # Another browser is another visitor.
    browser().get(f"/s/{token}/")
    assert LinkVisitor.objects.filter(link=link).count() == 2


def test_the_cookie_is_secure_over_https(render, make_link):
    _, token = make_link()
    response = browser().get(f"/s/{token}/", secure=True)
    assert response.cookies[VISITOR_COOKIE]["secure"]


def test_a_tampered_or_other_links_cookie_makes_a_new_visitor(render, make_link):
    first, first_token = make_link()
    second, second_token = make_link(label="Other client")
    visitor_client = browser()
    visitor_client.get(f"/s/{first_token}/")
    stolen = visitor_client.cookies[VISITOR_COOKIE].value
    other = browser()
    other.cookies[VISITOR_COOKIE] = stolen  # signed for the first link only
    other.get(f"/s/{second_token}/")
    assert LinkVisitor.objects.filter(link=second).count() == 1
    assert LinkVisitor.objects.get(link=first).opens == 1
    forged = browser()
    forged.cookies[VISITOR_COOKIE] = uuid.uuid4().hex
    forged.get(f"/s/{first_token}/")
    assert LinkVisitor.objects.filter(link=first).count() == 2


@pytest.mark.parametrize(
    "agent",
    [
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.20.0 A",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "TelegramBot (like TwitterBot)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Twitterbot/1.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (Windows NT 6.1) SkypeUriPreview Preview/0.5",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.32.3",
        "",
    ],
)
def test_bots_and_link_previews_are_not_counted(render, make_link, agent):
    _, token = make_link()
    client = Client(headers={"User-Agent": agent})
    response = client.get(f"/s/{token}/")
    assert response.status_code == 200  # the page itself is the same
    assert VISITOR_COOKIE not in response.cookies
    assert "share_beacon.js" not in response.content.decode()
    assert not LinkVisitor.objects.exists()


@pytest.mark.parametrize(
    "agent",
    [
        CHROME,
        HEADLESS,  # our browser tests drive it, and people can too
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
        "Mozilla/5.0 (Linux; Android 13; CUBOT P80) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36",
    ],
)
def test_browsers_are_people(agent):
    request = Client().get("/").wsgi_request
    request.META["HTTP_USER_AGENT"] = agent
    assert not is_bot(request)


def test_the_teams_own_views_are_not_counted(client, alice, bob, vera, render, make_link):
    _, token = make_link()
    for member in [alice, bob, vera]:
        member_client = browser()
        login_as(member_client, member)
        response = member_client.get(f"/s/{token}/")
        assert response.status_code == 200
        assert VISITOR_COOKIE not in response.cookies
    assert not LinkVisitor.objects.exists()


def test_someone_logged_in_to_another_team_is_a_visitor(render, make_link, django_user_model):
    _, token = make_link()
    other = django_user_model.objects.create_user("carol@example.org", "carol@example.org")
    carol = browser()
    carol.force_login(other)
    carol.get(f"/s/{token}/")
    assert LinkVisitor.objects.get().opens == 1


def test_no_column_of_any_table_holds_the_visitors_address(render, make_link):
    """Open, watch, and mistype a password from one address: nothing in the
    database (the cache table included) holds it."""
    link, token = make_link()
    other_link, other_token = make_link(label="With a password")
    sharelink_set_password(link=other_link, password="blue-horse-42")
    visitor_client = browser(X_Forwarded_For=ADDRESS)
    visitor_client.get(f"/s/{token}/")
    beacon = visitor_client.post(
        f"/s/{token}/beacon/",
        json.dumps({"videos": [{"video": str(render.code), "plays": 1, "watched": 0.5}]}),
        content_type="text/plain",
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert beacon.status_code == 204 and VideoWatch.objects.count() == 1
    guess = visitor_client.post(f"/s/{other_token}/password/", {"password": "wrong"})
    assert guess.status_code == 404  # counted in the cache, under a hashed key

    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (names from introspection)
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if ADDRESS in str(value):
                        found.append(f"{table}.{column}")
    assert not found, f"The client's address is stored in {found}"
    assert LinkVisitor.objects.filter(link=link).exists()  # the scan did see the visits
