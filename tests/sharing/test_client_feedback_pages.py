"""Clients answering through a link, over HTTP: the name-and-e-mail form and
its cookie, comments, approvals and requests for changes with plain forms
(CSRF included), what a client sees, and every refusal saying why with
nothing changed: another link's videos and comments, limits, bad input."""

import pytest
from django.test import Client

from projects.models import Comment, LinkVisitor, Render, ReviewState
from projects.reviews.services import comment_add
from projects.sharing import feedback
from projects.sharing.visitors import VISITOR_COOKIE as COOKIE
from tests.sharing.clients import comment_url, introduce, review_url
from tests.sharing.conftest import GONE


def text(response):
    return response.content.decode()


def test_giving_a_name_keeps_the_visitor_in_a_cookie_for_this_link_only(client, feedback_link):
    link, token = feedback_link
    page = text(client.get(f"/s/{token}/"))
    assert "Your name" in page and "Your e-mail" in page
    response = introduce(client, token, secure=True)
    assert response["Location"] == f"/s/{token}/#reviewer"
    visitor = LinkVisitor.objects.get()
    assert (visitor.link, visitor.name, visitor.email) == (
        link,
        "Anna Client",
        "anna@client.example",
    )
    cookie = response.cookies[COOKIE]
    assert cookie["path"] == f"/s/{token}/"
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
    # Signed: it holds the code, not something a client can change.
    assert visitor.code.hex in cookie.value and cookie.value != visitor.code.hex
    # Plain http (a local install): the cookie still works, without Secure.
    other = Client()
    assert not introduce(other, token).cookies[COOKIE]["secure"]
    # Saying it again updates the same visitor.
    introduce(client, token, name="Anna C.")
    assert LinkVisitor.objects.get(pk=visitor.pk).name == "Anna C."
    page = text(client.get(f"/s/{token}/"))
    assert "You comment as" in page and "Anna C." in page


def test_a_cookie_someone_changed_is_no_visitor(client, feedback_link, anna, render):
    _, token = feedback_link
    client.cookies[COOKIE] = str(anna.code)  # unsigned
    response = client.post(comment_url(token, render), {"body": "Hi"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_wrong_email_is_said_beside_the_field_and_nothing_is_kept(client, feedback_link):
    _, token = feedback_link
    response = client.post(f"/s/{token}/reviewer/", {"name": "Anna", "email": "anna@"})
    assert response.status_code == 400
    assert "This e-mail address does not look right" in text(response)
    assert 'value="Anna"' in text(response)
    assert COOKIE not in response.cookies
    assert not LinkVisitor.objects.exists()


def test_the_forms_pass_the_csrf_check_without_a_session(feedback_link, render):
    _, token = feedback_link
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"/s/{token}/")
    csrf = page.cookies["csrftoken"].value
    assert "sessionid" not in page.cookies
    refused = browser.post(f"/s/{token}/reviewer/", {"name": "Anna", "email": "a@b.example"})
    assert refused.status_code == 403 and not LinkVisitor.objects.exists()
    data = {"name": "Anna", "email": "a@b.example", "csrfmiddlewaretoken": csrf}
    assert browser.post(f"/s/{token}/reviewer/", data).status_code == 303
    page = browser.get(f"/s/{token}/")
    assert 'name="csrfmiddlewaretoken"' in text(page)
    data = {"body": "Nice", "csrfmiddlewaretoken": browser.cookies["csrftoken"].value}
    response = browser.post(comment_url(token, render), data)
    assert response.status_code == 303
    assert Comment.objects.get().body == "Nice"


def test_a_client_comments_at_a_moment_and_sees_it_with_their_name(
    client, feedback_link, render, alice, bob
):
    _, token = feedback_link
    introduce(client, token)
    comment_add(render=render, author=bob, body="Team-only remark")
    response = client.post(comment_url(token, render), {"body": "Blink here.", "at": "0:02.5"})
    assert response.status_code == 303
    assert response["Location"] == f"/s/{token}/#video-{render.code}"
    comment = Comment.objects.get(visitor__isnull=False)
    assert (comment.body, comment.at_seconds, comment.author) == ("Blink here.", 2.5, None)
    page = text(client.get(f"/s/{token}/"))
    assert "Blink here." in page and "Anna Client" in page
    assert 'data-seek="2.50"' in page and "at 0:02" in page
    assert "your comment is sent to the team" in page
    for private in ["Team-only remark", "Alice", "Bob", "alice@example.org", "bob@example.org"]:
        assert private not in page


def test_a_client_approves_and_asks_for_changes_with_a_reason(
    client, feedback_link, render, other_render
):
    _, token = feedback_link
    introduce(client, token)
    assert client.post(review_url(token, render), {"decision": "approve"}).status_code == 303
    render.refresh_from_db()
    assert render.review_state == ReviewState.APPROVED
    assert render.reviewed_by_visitor.name == "Anna Client"

    refused = client.post(review_url(token, other_render), {"decision": "changes", "body": ""})
    assert refused.status_code == 400
    assert feedback.SAY_WHAT in text(refused)
    assert Render.objects.get(pk=other_render.pk).review_state == ReviewState.PENDING

    done = client.post(review_url(token, other_render), {"decision": "changes", "body": "Slower"})
    assert done.status_code == 303
    assert Render.objects.get(pk=other_render.pk).review_state == ReviewState.CHANGES
    page = text(client.get(f"/s/{token}/"))
    assert "approved this video" in page and "asked for changes" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"body": ""}, "Write your comment first."),
        ({"body": "x" * 2001}, "at most 2000 characters"),
        ({"body": "Late", "at": "0:09"}, "This video is 4.0 s long"),
        ({"body": "Odd", "at": "soon"}, "Write the moment as minutes:seconds"),
        ({"body": "Odd", "at": "-1"}, "before the start"),
    ],
)
def test_bad_input_is_said_in_plain_words_and_nothing_is_saved(
    client, feedback_link, render, data, message
):
    _, token = feedback_link
    introduce(client, token)
    response = client.post(comment_url(token, render), data)
    assert response.status_code == 400
    assert message in text(response)
    assert not Comment.objects.exists()


def test_an_unknown_decision_is_a_message_not_an_error(client, feedback_link, render):
    _, token = feedback_link
    introduce(client, token)
    response = client.post(review_url(token, render), {"decision": "burn"})
    assert response.status_code == 400
    assert "Pick approve or ask for changes." in text(response)
    assert not Comment.objects.exists()


def test_without_a_name_first_the_client_is_told_to_give_one(client, feedback_link, render):
    _, token = feedback_link
    client.get(f"/s/{token}/")
    response = client.post(comment_url(token, render), {"body": "Hi"})
    assert response.status_code == 403
    assert feedback.INTRODUCE_FIRST in text(response)
    assert not Comment.objects.exists()


def test_too_many_comments_are_refused_with_a_429(client, feedback_link, render, monkeypatch):
    _, token = feedback_link
    monkeypatch.setattr(feedback, "VISITOR_LIMIT", (2, feedback.VISITOR_LIMIT[1]))
    introduce(client, token)
    for n in range(2):
        assert client.post(comment_url(token, render), {"body": f"{n}"}).status_code == 303
    response = client.post(comment_url(token, render), {"body": "Third", "at": "0:01"})
    assert response.status_code == 429
    assert "Please wait a few minutes" in text(response)
    assert "Third" in text(response)  # what they wrote is kept in the box
    assert Comment.objects.count() == 2


def test_a_link_without_feedback_or_turned_off_takes_nothing(
    client, make_link, feedback_link, render
):
    _, watch_only = make_link(renders=[render])
    page = text(client.get(f"/s/{watch_only}/"))
    assert "<form" not in page and "Your name" not in page
    response = client.post(f"/s/{watch_only}/reviewer/", {"name": "A", "email": "a@b.example"})
    assert response.status_code == 403
    assert "has not asked for comments" in text(response)
    assert client.post(comment_url(watch_only, render), {"body": "Hi"}).status_code == 403

    link, token = feedback_link
    introduce(client, token)
    link.revoke()
    response = client.post(comment_url(token, render), {"body": "Hi"})
    assert response.status_code == 404 and GONE in text(response)
    assert client.post(review_url(token, render), {"decision": "approve"}).status_code == 404
    assert not Comment.objects.exists()
    assert Render.objects.get(pk=render.pk).review_state == ReviewState.PENDING


def test_a_client_of_link_a_cannot_see_or_post_to_link_b(
    client, project, alice, render, other_render, make_link
):
    link_a, token_a = make_link(renders=[render], allow_feedback=True, label="A")
    link_b, token_b = make_link(renders=[other_render, render], allow_feedback=True, label="B")
    introduce(client, token_b, name="Bert", email="bert@b.example")
    client.post(comment_url(token_b, render), {"body": "Said on B"}, follow=True)
    # A's client (this browser's cookie now names A's visitor).
    introduce(client, token_a)
    page_a = text(client.get(f"/s/{token_a}/"))
    assert "Said on B" not in page_a and "Bert" not in page_a
    assert str(other_render.code) not in page_a
    # B's video through A's address: not on this link.
    response = client.post(comment_url(token_a, other_render), {"body": "Sneaky"})
    assert response.status_code == 404
    assert feedback.NOT_ON_LINK in text(response)
    response = client.post(review_url(token_a, other_render), {"decision": "approve"})
    assert response.status_code == 404
    # B's address with A's visitor: not a visitor of B.
    response = client.post(comment_url(token_b, render), {"body": "Cross"})
    assert response.status_code == 403
    assert list(Comment.objects.values_list("body", "share_link__label")) == [("Said on B", "B")]
    assert Render.objects.get(pk=other_render.pk).review_state == ReviewState.PENDING
