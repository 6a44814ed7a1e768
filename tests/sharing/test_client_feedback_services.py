"""Clients answering through a link, at the service level: what a comment, an
approval and a request for changes record; who may give them, on which
videos; the limits per visitor and per link; what a client is shown."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from projects.models import Comment, CommentKind, LinkVisitor, Render, ReviewState
from projects.reviews.services import comment_add
from projects.sharing import feedback
from projects.sharing.feedback import (
    TooMuchFeedback,
    client_comment,
    client_review,
    link_feedback,
    room_comments,
)
from projects.sharing.visitors import visitor_introduce
from tests.sharing.conftest import done_render


def nothing_changed(render):
    fresh = Render.objects.get(pk=render.pk)
    return (
        fresh.review_state == ReviewState.PENDING
        and fresh.reviewed_by_visitor is None
        and not Comment.objects.filter(render=render).exists()
    )


def test_a_client_comment_records_the_visitor_and_the_link_and_no_author(
    feedback_link, anna, render
):
    link, _ = feedback_link
    comment = client_comment(
        link=link, visitor=anna, render=render, body="  Lovely smile.  ", at_seconds=1.234
    )
    comment.refresh_from_db()
    assert comment.author is None
    assert (comment.visitor, comment.share_link, comment.render) == (anna, link, render)
    assert (comment.kind, comment.body, comment.at_seconds) == (
        CommentKind.COMMENT,
        "Lovely smile.",
        1.23,
    )
    assert comment.from_client


def test_approving_sets_the_review_state_with_the_client_as_reviewer(feedback_link, anna, render):
    link, _ = feedback_link
    client_review(link=link, visitor=anna, render=render, decision="approve")
    render.refresh_from_db()
    assert render.review_state == ReviewState.APPROVED
    assert render.reviewed_by_visitor == anna and render.reviewed_by is None
    assert render.reviewed_at is not None
    assert Comment.objects.get(render=render).kind == CommentKind.APPROVAL


def test_asking_for_changes_needs_a_reason(feedback_link, anna, render):
    link, _ = feedback_link
    with pytest.raises(ValidationError) as refused:
        client_review(link=link, visitor=anna, render=render, decision="changes", body="   ")
    assert refused.value.message_dict["body"] == [feedback.SAY_WHAT]
    assert nothing_changed(render)
    client_review(link=link, visitor=anna, render=render, decision="changes", body="Slower.")
    render.refresh_from_db()
    assert render.review_state == ReviewState.CHANGES and render.reviewed_by_visitor == anna


@pytest.mark.parametrize(
    "body, at_seconds, field",
    [
        ("", None, "body"),
        ("x" * 2001, None, "body"),
        ("Past the end", 4.5, "at"),
        ("Before the start", -1.0, "at"),
        ("Not a number", float("nan"), "at"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    feedback_link, anna, render, body, at_seconds, field
):
    link, _ = feedback_link
    with pytest.raises(ValidationError) as refused:
        client_comment(link=link, visitor=anna, render=render, body=body, at_seconds=at_seconds)
    assert field in refused.value.message_dict
    assert nothing_changed(render)


def test_an_unknown_decision_is_refused(feedback_link, anna, render):
    link, _ = feedback_link
    with pytest.raises(ValidationError):
        client_review(link=link, visitor=anna, render=render, decision="delete")
    assert nothing_changed(render)


def test_only_a_named_visitor_of_this_link_on_its_videos_while_it_asks_for_feedback(
    project, alice, feedback_link, anna, render, make_link
):
    link, _ = feedback_link
    other_link, _ = make_link(renders=[render], allow_feedback=True)
    stranger = LinkVisitor.objects.create(link=other_link, name="Otto", email="otto@x.example")
    nameless = LinkVisitor.objects.create(link=link)
    not_on_link = done_render(project, alice)
    cases = [
        (dict(visitor=None, render=render), feedback.INTRODUCE_FIRST),
        (dict(visitor=nameless, render=render), feedback.INTRODUCE_FIRST),
        (dict(visitor=stranger, render=render), feedback.INTRODUCE_FIRST),
        (dict(visitor=anna, render=not_on_link), feedback.NOT_ON_LINK),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError) as refused:
            client_comment(link=link, body="Hello", **kwargs)
        assert refused.value.messages == [message]
    link.allow_feedback = False
    link.save()
    with pytest.raises(ValidationError, match="not asked for comments"):
        client_review(link=link, visitor=anna, render=render, decision="approve")
    link.allow_feedback = True
    link.revoke()
    with pytest.raises(ValidationError, match="turned off"):
        client_review(link=link, visitor=anna, render=render, decision="approve")
    assert nothing_changed(render) and nothing_changed(not_on_link)


def test_a_visitor_may_send_ten_in_ten_minutes_then_is_told_to_wait(feedback_link, anna, render):
    link, _ = feedback_link
    for n in range(10):
        client_comment(link=link, visitor=anna, render=render, body=f"Note {n}")
    with pytest.raises(TooMuchFeedback, match="10 comments in the last 10 minutes"):
        client_comment(link=link, visitor=anna, render=render, body="One more")
    # A review counts too, and changes nothing when refused.
    with pytest.raises(TooMuchFeedback):
        client_review(link=link, visitor=anna, render=render, decision="approve")
    render.refresh_from_db()
    assert render.review_state == ReviewState.PENDING
    assert Comment.objects.filter(visitor=anna).count() == 10
    # Once the window has passed, they may go on.
    Comment.objects.filter(visitor=anna).update(created=timezone.now() - timedelta(minutes=11))
    client_comment(link=link, visitor=anna, render=render, body="Later")


def test_a_link_takes_a_hundred_an_hour_from_all_its_visitors(feedback_link, anna, render):
    link, _ = feedback_link
    now = timezone.now()
    others = [
        LinkVisitor.objects.create(link=link, name=f"V{n}", email=f"v{n}@x.example")
        for n in range(10)
    ]
    Comment.objects.bulk_create(
        Comment(render=render, visitor=v, share_link=link, body="Hi", created=now)
        for v in others
        for _ in range(10)
    )
    with pytest.raises(TooMuchFeedback, match="a lot of comments"):
        client_comment(link=link, visitor=anna, render=render, body="Mine")
    assert not Comment.objects.filter(visitor=anna).exists()
    Comment.objects.filter(share_link=link).update(created=now - timedelta(minutes=61))
    client_comment(link=link, visitor=anna, render=render, body="Mine")


def test_a_client_sees_only_what_came_through_their_link(
    feedback_link, anna, render, other_render, make_link, alice
):
    link, _ = feedback_link
    other_link, _ = make_link(renders=[render], allow_feedback=True)
    otto = LinkVisitor.objects.create(link=other_link, name="Otto", email="otto@x.example")
    bea = LinkVisitor.objects.create(link=link, name="Bea", email="bea@x.example")
    mine = client_comment(link=link, visitor=anna, render=render, body="Mine")
    hers = client_comment(link=link, visitor=bea, render=render, body="Bea's")
    client_comment(link=other_link, visitor=otto, render=render, body="Other link")
    comment_add(render=render, author=alice, body="Team only")
    shown = room_comments(link, [render, other_render])
    assert shown == {render.pk: [mine, hers], other_render.pk: []}
    assert [c.body for c in link_feedback(link)] == ["Bea's", "Mine"]


def test_a_name_and_email_are_checked_before_anything_is_kept(feedback_link):
    link, _ = feedback_link
    with pytest.raises(ValidationError) as refused:
        visitor_introduce(link=link, visitor=None, name=" ", email="not-an-address")
    assert set(refused.value.message_dict) == {"name", "email"}
    with pytest.raises(ValidationError):
        visitor_introduce(link=link, visitor=None, name="Ann\nBcc: x", email="a@b.example")
    assert not LinkVisitor.objects.exists()
    ann = visitor_introduce(link=link, visitor=None, name=" Ann ", email="ann@b.example")
    again = visitor_introduce(link=link, visitor=ann, name="Ann B", email="ann@b.example")
    assert again.pk == ann.pk and LinkVisitor.objects.get().name == "Ann B"
