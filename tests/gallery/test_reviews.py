"""Approving a render or asking for changes: who may, what it records, and
how it shows in the gallery and the conversation."""

import pytest

from projects.models import Comment, CommentKind, Render, RenderStatus, ReviewState
from projects.reviews.services import render_approve, render_request_changes
from tests.conftest import login_as, set_role
from tests.gallery.conftest import finish


def review(client, render, **data):
    return client.post(f"/renders/{render.code}/review/", data)


def unchanged(render):
    fresh = Render.objects.get(pk=render.pk)
    return (
        fresh.review_state == ReviewState.PENDING
        and fresh.reviewed_by is None
        and fresh.reviewed_at is None
        and not Comment.objects.filter(render=render).exists()
    )


def test_an_editor_approves_a_finished_video(client, bob, done_render):
    login_as(client, bob)
    response = review(client, done_render, decision="approve", body="")
    assert response.status_code == 302
    assert response["Location"] == f"/renders/{done_render.code}/#conversation"
    done_render.refresh_from_db()
    assert done_render.review_state == ReviewState.APPROVED
    assert done_render.reviewed_by == bob
    assert done_render.reviewed_at is not None
    approval = Comment.objects.get(render=done_render)
    assert (approval.kind, approval.author, approval.body) == (CommentKind.APPROVAL, bob, "")


def test_the_review_state_shows_on_the_gallery_card_and_the_page(client, bob, project, done_render):
    login_as(client, bob)
    review(client, done_render, decision="changes", body="Slower zoom, please.")
    gallery = client.get(f"/projects/{project.code}/").content.decode()
    assert "Changes requested" in gallery
    page = client.get(f"/renders/{done_render.code}/").content.decode()
    assert "asked for changes" in page
    assert "Slower zoom, please." in page
    assert "by Bob" in page


def test_requesting_changes_records_the_comment(client, alice, done_render):
    login_as(client, alice)
    review(client, done_render, decision="changes", body="  Smile less at 0:02.  ", at="0:02")
    done_render.refresh_from_db()
    assert done_render.review_state == ReviewState.CHANGES
    assert done_render.reviewed_by == alice
    comment = Comment.objects.get(render=done_render)
    assert (comment.kind, comment.body, comment.at_seconds) == (
        CommentKind.CHANGES,
        "Smile less at 0:02.",
        2.0,
    )


def test_requesting_changes_needs_a_comment(client, bob, done_render):
    login_as(client, bob)
    response = review(client, done_render, decision="changes", body="   ")
    assert response.status_code == 400
    assert "Say what should change" in response.content.decode()
    assert unchanged(done_render)


def test_a_later_review_replaces_the_state_and_keeps_the_history(client, alice, bob, done_render):
    login_as(client, bob)
    review(client, done_render, decision="changes", body="Too fast.")
    login_as(client, alice)
    review(client, done_render, decision="approve", body="Fine by me.")
    done_render.refresh_from_db()
    assert (done_render.review_state, done_render.reviewed_by) == (ReviewState.APPROVED, alice)
    kinds = list(Comment.objects.filter(render=done_render).values_list("kind", flat=True))
    assert kinds == [CommentKind.CHANGES, CommentKind.APPROVAL]


def test_a_video_that_is_not_done_cannot_be_reviewed(client, bob, make_render):
    render = make_render()
    login_as(client, bob)
    response = review(client, render, decision="approve")
    assert response.status_code == 400
    assert "Only a finished video can be reviewed." in response.content.decode()
    assert unchanged(render)


def test_a_failed_video_cannot_be_approved(bob, make_render):
    render = finish(make_render(), status=RenderStatus.FAILED)
    with pytest.raises(Exception, match="Only a finished video"):
        render_approve(render=render, reviewed_by=bob)
    assert unchanged(render)


def test_an_unknown_decision_changes_nothing(client, bob, done_render):
    login_as(client, bob)
    response = review(client, done_render, decision="maybe", body="hmm")
    assert response.status_code == 400
    assert unchanged(done_render)


def test_a_viewer_cannot_review(client, bob, team, done_render):
    set_role(bob, team, "viewer")
    login_as(client, bob)
    assert review(client, done_render, decision="approve").status_code == 403
    assert review(client, done_render, decision="changes", body="No.").status_code == 403
    assert unchanged(done_render)


def test_a_viewer_sees_no_review_buttons_but_can_comment(client, bob, team, done_render):
    set_role(bob, team, "viewer")
    login_as(client, bob)
    html = client.get(f"/renders/{done_render.code}/").content.decode()
    assert 'value="approve"' not in html
    assert 'value="changes"' not in html
    assert "Add comment" in html


def test_an_editor_sees_the_review_buttons_on_a_finished_video(client, bob, done_render):
    login_as(client, bob)
    html = client.get(f"/renders/{done_render.code}/").content.decode()
    assert 'name="decision" value="approve"' in html
    assert 'name="decision" value="changes"' in html


def test_an_outsider_gets_a_404_and_changes_nothing(client, charlie, done_render):
    login_as(client, charlie)
    assert review(client, done_render, decision="approve").status_code == 404
    assert unchanged(done_render)


def test_reviewing_needs_a_post(client, bob, done_render):
    login_as(client, bob)
    assert client.get(f"/renders/{done_render.code}/review/").status_code == 405
    assert unchanged(done_render)


def test_a_bad_code_is_a_404(client, bob, db):
    login_as(client, bob)
    response = client.post(
        "/renders/00000000-0000-0000-0000-000000000000/review/", {"decision": "approve"}
    )
    assert response.status_code == 404


def test_logged_out_people_are_sent_to_log_in(client, done_render):
    response = review(client, done_render, decision="approve")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert unchanged(done_render)


def test_the_service_refuses_changes_without_a_comment(bob, done_render):
    with pytest.raises(Exception, match="Say what should change"):
        render_request_changes(render=done_render, reviewed_by=bob, body="")
    assert unchanged(done_render)
