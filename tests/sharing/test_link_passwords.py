"""An optional password per share link: owners set, change and remove it;
visitors type it once per link; a wrong password looks exactly like a link
that does not open, and guesses run out."""

import pytest
from django.contrib.auth.hashers import check_password
from django.template.loader import render_to_string
from django.test import Client

from projects.models import LinkVisitor
from projects.sharing.passwords import GUESSES, PASSWORD_COOKIE, sharelink_set_password
from tests.conftest import login_as
from tests.sharing.conftest import GONE, media
from tests.sharing.test_link_visits import browser

PASSWORD = "blue-horse-42"


@pytest.fixture
def locked(render, make_link):
    link, token = make_link()
    sharelink_set_password(link=link, password=PASSWORD)
    return link, token


def unlock(client, token, password=PASSWORD):
    return client.post(f"/s/{token}/password/", {"password": password})


# --- The team sets it ---------------------------------------------------------------


def test_an_owner_sets_changes_and_removes_a_links_password(
    client, alice, project, make_link, render
):
    link, _ = make_link()
    login_as(client, alice)
    url = f"/shares/{link.code}/password/"
    response = client.post(url, {"password": PASSWORD, "action": "set"}, follow=True)
    # Back to the link's own page.
    assert response.redirect_chain[0][0] == f"/shares/{link.code}/"
    assert "asks for a password now" in response.content.decode()
    link.refresh_from_db()
    assert check_password(PASSWORD, link.password_hash) and PASSWORD not in link.password_hash

    response = client.post(url, {"password": "green-lion-7"}, follow=True)
    assert "has a new password" in response.content.decode()
    link.refresh_from_db()
    assert check_password("green-lion-7", link.password_hash)

    response = client.post(url, {"action": "remove"}, follow=True)
    assert "opens without a password now" in response.content.decode()
    link.refresh_from_db()
    assert link.password_hash == ""


@pytest.mark.parametrize("password", ["", "short", "x" * 129])
def test_a_password_too_short_or_long_is_refused_in_words(client, alice, locked, password):
    link, _ = locked
    before = link.password_hash
    login_as(client, alice)
    response = client.post(f"/shares/{link.code}/password/", {"password": password}, follow=True)
    body = response.content.decode()
    assert "at least 6 characters" in body or "under 128 characters" in body
    link.refresh_from_db()
    assert link.password_hash == before


def test_editors_and_viewers_cannot_touch_a_password(client, bob, vera, locked):
    link, _ = locked
    before = link.password_hash
    for member in [bob, vera]:
        login_as(client, member)
        url = f"/shares/{link.code}/password/"
        assert client.post(url, {"action": "remove"}).status_code == 403
    link.refresh_from_db()
    assert link.password_hash == before


def test_the_password_form_is_shown_to_owners_only(rf, alice, bob, locked):
    link, _ = locked
    for user, shown in [(alice, True), (bob, False)]:
        request = rf.get("/")
        request.user = user
        html = render_to_string(
            "projects/_link_password.html", {"link": link, "project": link.project}, request
        )
        assert "asks for a password" in html
        assert (f'action="/shares/{link.code}/password/"' in html) is shown
        assert ("Remove password" in html) is shown


# --- Visitors type it ---------------------------------------------------------------


def test_a_locked_link_shows_only_the_password_page(locked, render, project):
    link, token = locked
    visitor = browser()
    page = visitor.get(f"/s/{token}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "This link needs a password" in body and f'action="/s/{token}/password/"' in body
    assert project.name not in body and str(render.code) not in body
    # Its form posts with an Origin (the CSRF check): not "no-referrer" here.
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Robots-Tag"] == "noindex, nofollow" and page["Cache-Control"] == "no-store"
    assert not LinkVisitor.objects.exists()
    # Media and beacon answer like an unknown link.
    for url in [media(token, render), media(token, render, "poster")]:
        assert visitor.get(url).status_code == 404
    beacon = visitor.post(
        f"/s/{token}/beacon/",
        "{}",
        content_type="text/plain",
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert beacon.status_code == 404


def test_the_right_password_opens_the_room_and_its_media(locked, render, project):
    link, token = locked
    visitor = browser()
    response = unlock(visitor, token)
    assert response.status_code == 303 and response["Location"] == f"/s/{token}/"
    cookie = response.cookies[PASSWORD_COOKIE]
    assert cookie["path"] == f"/s/{token}/" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert link.password_hash not in cookie.value and PASSWORD not in cookie.value
    room = visitor.get(f"/s/{token}/")
    assert room.status_code == 200 and project.name in room.content.decode()
    assert visitor.get(media(token, render)).status_code == 200
    assert LinkVisitor.objects.get(link=link).opens == 1


def test_a_password_cookie_opens_only_its_own_link(locked, render, make_link):
    _, token = locked
    other, other_token = make_link(label="Other")
    sharelink_set_password(link=other, password=PASSWORD)
    visitor = browser()
    unlock(visitor, token)
    # The same cookie value sent on the other link's path opens nothing there.
    visitor.cookies[PASSWORD_COOKIE]["path"] = "/"
    assert "This link needs a password" in visitor.get(f"/s/{other_token}/").content.decode()


def test_changing_or_removing_the_password_asks_everyone_again(locked, render):
    link, token = locked
    visitor = browser()
    unlock(visitor, token)
    sharelink_set_password(link=link, password="green-lion-7")
    assert "This link needs a password" in visitor.get(f"/s/{token}/").content.decode()
    assert visitor.get(media(token, render)).status_code == 404
    unlock(visitor, token, "green-lion-7")
    assert visitor.get(media(token, render)).status_code == 200


def test_a_wrong_password_looks_exactly_like_a_link_that_does_not_open(locked, make_link):
    _, token = locked
    revoked, revoked_token = make_link(label="Off")
    revoked.revoke()
    wrong = unlock(Client(), token, "not-the-password")
    unknown = unlock(Client(), "a-made-up-token-of-some-length", "not-the-password")
    turned_off = unlock(Client(), revoked_token, "anything")
    opened_off = Client().get(f"/s/{revoked_token}/")
    assert GONE in wrong.content.decode()
    for other in [unknown, turned_off, opened_off]:
        assert other.status_code == wrong.status_code == 404
        assert other.content == wrong.content
        assert PASSWORD_COOKIE not in other.cookies
    assert PASSWORD_COOKIE not in wrong.cookies


def test_a_link_without_a_password_goes_straight_to_the_room(render, make_link):
    _, token = make_link()
    response = unlock(Client(), token, "anything")
    assert response.status_code == 303 and response["Location"] == f"/s/{token}/"


# --- Guesses ---------------------------------------------------------------------------


def test_guesses_run_out_per_link_and_client_the_same_way_for_unknown_links(locked, make_link):
    _, token = locked
    guesser = browser()
    for _ in range(GUESSES):
        assert unlock(guesser, token, "wrong-guess").status_code == 404
    # Out of guesses: even the right password waits.
    refused = unlock(guesser, token)
    assert refused.status_code == 429
    assert "Too many tries" in refused.content.decode() and "15 minutes" in refused.content.decode()
    assert PASSWORD_COOKIE not in refused.cookies
    # An unknown link runs out the same way, with the same page.
    for _ in range(GUESSES):
        assert unlock(guesser, "a-made-up-token-of-some-length", "x").status_code == 404
    unknown = unlock(guesser, "a-made-up-token-of-some-length", "x")
    assert unknown.status_code == 429 and unknown.content == refused.content
    # Someone else (another address) still gets in; so does this person on another link.
    other_person = Client(headers={"User-Agent": "Mozilla/5.0"}, REMOTE_ADDR="198.51.100.9")
    assert unlock(other_person, token).status_code == 303
    other_link, other_token = make_link(label="Other")
    sharelink_set_password(link=other_link, password=PASSWORD)
    assert unlock(guesser, other_token).status_code == 303


def test_the_password_form_passes_the_csrf_check_from_its_own_page(locked):
    _, token = locked
    visitor = Client(enforce_csrf_checks=True, headers={"User-Agent": "Mozilla/5.0"})
    page = visitor.get(f"/s/{token}/")
    csrf = page.context["csrf_token"]
    refused = visitor.post(f"/s/{token}/password/", {"password": PASSWORD})
    assert refused.status_code == 403
    response = visitor.post(
        f"/s/{token}/password/",
        {"password": PASSWORD, "csrfmiddlewaretoken": str(csrf)},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 303
