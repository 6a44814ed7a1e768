"""The room page's viewing beacon: same-origin only, every number checked,
plays added and the largest share watched kept, for the visitor's own
cookie; nothing recorded for bots, the team, or without a visitor."""

import json
import uuid
from types import SimpleNamespace

import pytest

from projects.models import VideoWatch
from tests.conftest import login_as
from tests.sharing.conftest import done_render
from tests.sharing.test_link_visits import browser

SAME = {"Sec-Fetch-Site": "same-origin"}


def send(client, token, payload, headers=SAME):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(f"/s/{token}/beacon/", body, content_type="text/plain", headers=headers)


def entry(render, plays=1, watched=0.5):
    return {"video": str(render.code), "plays": plays, "watched": watched}


@pytest.fixture
def room(render, other_render, make_link):
    """A link with two videos, opened once by a visitor."""
    link, token = make_link(renders=[render, other_render])
    visitor = browser()
    assert visitor.get(f"/s/{token}/").status_code == 200
    return link, token, visitor


def test_plays_add_up_and_the_largest_share_watched_is_kept(room, render, other_render):
    link, token, visitor = room
    first = send(visitor, token, {"videos": [entry(render, 1, 0.4), entry(other_render, 2, 1)]})
    assert first.status_code == 204
    second = send(visitor, token, {"videos": [entry(render, 1, 0.25)]})
    assert second.status_code == 204
    third = send(visitor, token, {"videos": [entry(render, 0, 0.9)]})
    assert third.status_code == 204
    watches = {w.render_id: w for w in VideoWatch.objects.all()}
    assert watches[render.pk].plays == 2 and watches[render.pk].watched == pytest.approx(0.9)
    assert watches[other_render.pk].plays == 2 and watches[other_render.pk].watched == 1
    assert {w.link_id for w in watches.values()} == {link.pk}
    assert len({w.visitor_id for w in watches.values()}) == 1


def test_repeats_in_one_beacon_are_merged_and_empty_entries_make_no_row(room, render, other_render):
    _, token, visitor = room
    payload = {"videos": [entry(render, 1, 0.3), entry(render, 2, 0.7), entry(other_render, 0, 0)]}
    assert send(visitor, token, payload).status_code == 204
    watch = VideoWatch.objects.get()
    assert (watch.render_id, watch.plays, watch.watched) == (render.pk, 3, pytest.approx(0.7))


def test_without_a_visitor_cookie_nothing_is_recorded(room, render):
    _, token, _ = room
    response = send(browser(), token, {"videos": [entry(render)]})
    assert response.status_code == 204
    assert not VideoWatch.objects.exists()


def test_a_bot_with_a_visitors_cookie_is_not_recorded(room, render):
    _, token, visitor = room
    visitor.defaults["HTTP_USER_AGENT"] = "curl/8.5.0"
    assert send(visitor, token, {"videos": [entry(render)]}).status_code == 204
    assert not VideoWatch.objects.exists()


def test_a_team_member_is_not_recorded(room, render, bob):
    _, token, visitor = room
    login_as(visitor, bob)
    assert send(visitor, token, {"videos": [entry(render)]}).status_code == 204
    assert not VideoWatch.objects.exists()


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Sec-Fetch-Site": "same-origin"}, 204),
        ({"Origin": "http://testserver"}, 204),  # a browser without Sec-Fetch-Site
        ({"Sec-Fetch-Site": "same-origin", "Origin": "null"}, 204),  # under no-referrer
        ({"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 403),
        ({"Sec-Fetch-Site": "same-site"}, 403),
        ({"Origin": "https://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({}, 403),
    ],
)
def test_only_the_links_own_page_may_send(room, render, headers, status):
    _, token, visitor = room
    response = send(visitor, token, {"videos": [entry(render)]}, headers=headers)
    assert response.status_code == status
    assert VideoWatch.objects.exists() == (status == 204)


def test_a_link_that_does_not_open_answers_like_an_unknown_one(room, render):
    link, token, visitor = room
    link.revoke()
    response = send(visitor, token, {"videos": [entry(render)]})
    assert response.status_code == 404
    assert send(visitor, "made-up-token", {"videos": [entry(render)]}).status_code == 404
    assert not VideoWatch.objects.exists()


def _bad_payloads(render, stranger):
    good = entry(render)
    return {
        "not JSON": "plays=1",
        "not UTF-8": b"\xff\xfe{}",
        "a list": [good],
        "no videos": {"watches": [good]},
        "videos not a list": {"videos": good},
        "an entry not an object": {"videos": [str(render.code)]},
        "no video code": {"videos": [{"plays": 1, "watched": 0.5}]},
        "a code that is not one": {"videos": [{**good, "video": "hello"}]},
        "a number as code": {"videos": [{**good, "video": 12}]},
        "a video of another link": {"videos": [good, entry(stranger)]},
        "negative plays": {"videos": [entry(render, -1)]},
        "fractional plays": {"videos": [entry(render, 1.5)]},
        "plays as text": {"videos": [entry(render, "1")]},
        "plays as true": {"videos": [entry(render, True)]},
        "too many plays": {"videos": [entry(render, 101)]},
        "too many plays merged": {"videos": [entry(render, 60), entry(render, 60)]},
        "watched over 1": {"videos": [entry(render, 1, 1.01)]},
        "watched below 0": {"videos": [entry(render, 1, -0.1)]},
        "watched as text": {"videos": [entry(render, 1, "0.5")]},
        "watched NaN": json.dumps({"videos": [entry(render, 1, "NAN")]}).replace('"NAN"', "NaN"),
        "watched huge": json.dumps({"videos": [entry(render, 1, "X")]}).replace('"X"', "1e999"),
        "51 entries": {"videos": [entry(render)] * 51},
        "deep nesting": "[" * 4000 + "]" * 4000,  # under 8 KB: the parser says no
        "over 8 KB": {"videos": [entry(render)], "padding": "x" * 8200},
    }


_ANY = SimpleNamespace(code=uuid.uuid4())


@pytest.mark.parametrize("case", list(_bad_payloads(_ANY, _ANY)))
def test_bad_beacons_are_refused_in_words_and_change_nothing(room, render, project, alice, case):
    _, token, visitor = room
    stranger = done_render(project, alice)  # in the project, not on the link
    send(visitor, token, {"videos": [entry(render, 1, 0.2)]})
    before = list(VideoWatch.objects.values_list("plays", "watched"))
    response = send(visitor, token, _bad_payloads(render, stranger)[case])
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().strip()
    assert list(VideoWatch.objects.values_list("plays", "watched")) == before
