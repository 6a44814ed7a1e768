"""Comments on a render, optionally pinned to a moment of its video."""

import pytest
from django.core.exceptions import ValidationError

from projects.models import Comment, CommentKind
from projects.reviews.forms import parse_moment
from projects.reviews.services import comment_add
from projects.wording import moment_words
from tests.conftest import login_as, set_role
from tests.gallery.conftest import finish


def comment(client, render, **data):
    return client.post(f"/renders/{render.code}/comments/", data)


def test_a_comment_without_a_moment_is_about_the_whole_video(client, bob, done_render):
    login_as(client, bob)
    response = comment(client, done_render, body="Lovely light.", at="")
    assert response.status_code == 302
    saved = Comment.objects.get()
    assert (saved.author, saved.kind, saved.body, saved.at_seconds) == (
        bob,
        CommentKind.COMMENT,
        "Lovely light.",
        None,
    )


def test_a_comment_pinned_to_a_moment_shows_a_button_that_seeks_there(client, bob, done_render):
    login_as(client, bob)
    comment(client, done_render, body="Blink here.", at="0:02.5")
    assert Comment.objects.get().at_seconds == 2.5
    html = client.get(f"/renders/{done_render.code}/").content.decode()
    assert 'data-seek="2.50"' in html
    assert ">at 0:02</button>" in html


def test_the_moment_can_be_typed_as_plain_seconds(client, bob, done_render):
    login_as(client, bob)
    comment(client, done_render, body="Here.", at="1.25")
    assert Comment.objects.get().at_seconds == 1.25


def test_the_very_end_of_the_video_is_a_valid_moment(client, bob, done_render):
    login_as(client, bob)
    comment(client, done_render, body="The last frame.", at="3.1")  # player rounding
    assert Comment.objects.get().at_seconds == 3.0


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("0:04", "This video is 3.0 s long: pick a moment between 0:00 and 0:03."),
        ("12", "This video is 3.0 s long"),
        ("-1", "A moment cannot be before the start of the video."),
        ("-0:01", "A moment cannot be before the start of the video."),
        ("soon", "Write the moment as minutes:seconds, like 0:03."),
        ("0:75", "Write the moment as minutes:seconds, like 0:03."),
    ],
)
def test_a_moment_outside_the_video_is_refused_with_a_message(
    client, bob, done_render, at, message
):
    login_as(client, bob)
    response = comment(client, done_render, body="Here.", at=at)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Here." in html  # what they typed is kept
    assert not Comment.objects.exists()


def test_a_comment_needs_words(client, bob, done_render):
    login_as(client, bob)
    response = comment(client, done_render, body="  ", at="0:01")
    assert response.status_code == 400
    assert "Write your comment first." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_longer_than_the_limit_is_refused(client, bob, done_render):
    login_as(client, bob)
    response = comment(client, done_render, body="x" * 2001)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_video_without_a_length_takes_comments_but_no_moments(bob, make_render):
    render = make_render()
    comment_add(render=render, author=bob, body="Waiting for it.")
    with pytest.raises(ValidationError, match="no length yet"):
        comment_add(render=render, author=bob, body="At 1 s.", at_seconds=1)
    assert Comment.objects.count() == 1


def test_a_viewer_can_comment(client, bob, team, done_render):
    set_role(bob, team, "viewer")
    login_as(client, bob)
    assert comment(client, done_render, body="Nice.").status_code == 302
    assert Comment.objects.get().author == bob


def test_an_outsider_cannot_comment(client, charlie, done_render):
    login_as(client, charlie)
    assert comment(client, done_render, body="Hello").status_code == 404
    assert not Comment.objects.exists()


def test_commenting_needs_a_post(client, bob, done_render):
    login_as(client, bob)
    assert client.get(f"/renders/{done_render.code}/comments/").status_code == 405


def test_the_conversation_lists_comments_and_reviews_oldest_first_with_authors(
    client, alice, bob, done_render
):
    login_as(client, bob)
    comment(client, done_render, body="First thought.")
    client.post(
        f"/renders/{done_render.code}/review/", {"decision": "changes", "body": "Second: slower."}
    )
    login_as(client, alice)
    comment(client, done_render, body="Third: agreed.")
    html = client.get(f"/renders/{done_render.code}/").content.decode()
    first, second, third = (html.index(t) for t in ["First thought.", "Second:", "Third:"])
    assert first < second < third
    assert html.count('<strong class="break">Bob</strong>') == 2
    assert html.count('<strong class="break">Alice</strong>') == 1


def test_the_pin_control_is_offered_only_when_there_is_a_video(client, bob, make_render):
    login_as(client, bob)
    waiting = make_render()
    assert "Pin to current time" not in client.get(f"/renders/{waiting.code}/").content.decode()
    done = finish(make_render())
    assert "Pin to current time" in client.get(f"/renders/{done.code}/").content.decode()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("", None), ("3", 3.0), ("0:03", 3.0), ("1:02.5", 62.5), ("1:00:05", 3605.0), ("2,5", 2.5)],
)
def test_moments_are_read_the_way_people_write_them(text, seconds):
    assert parse_moment(text) == seconds


@pytest.mark.parametrize(
    ("seconds", "words"), [(0, "0:00"), (3.7, "0:03"), (75, "1:15"), (3725, "1:02:05")]
)
def test_moments_are_shown_the_way_players_show_them(seconds, words):
    assert moment_words(seconds) == words
