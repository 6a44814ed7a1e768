"""A render's page reads top to bottom: the player (with its comment
markers), the versions, the review and comments, then sharing last."""

import html as htmllib
import re

from projects.models import Comment, CommentKind, LinkVisitor, Render, ReviewState
from projects.renders.services import render_again
from projects.reviews.services import comment_add
from projects.sharing.services import sharelink_create
from tests.conftest import login_as
from tests.gallery.conftest import finish


def page(client, render):
    response = client.get(f"/renders/{render.code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_player_then_versions_then_conversation_then_sharing(client, alice, make_render):
    first = finish(make_render(prompt="smiles"))
    second = finish(render_again(render=first, created_by=alice, prompt="waves"))
    login_as(client, alice)
    html = page(client, second)
    where = [
        html.index('id="player"'),
        html.index('id="versions"'),
        html.index('id="conversation"'),
        html.index('id="shares"'),
    ]
    assert where == sorted(where)
    # "Make it again" belongs with the video, before sharing.
    assert html.index("Make it again") < html.index('id="shares"')


def test_the_versions_list_names_each_version_with_its_title_and_states(client, alice, make_render):
    first = finish(make_render(prompt="smiles"))
    second = finish(render_again(render=first, created_by=alice, prompt="waves"))
    Render.objects.filter(pk=first.pk).update(title="Spring hello", review_state="approved")
    Render.objects.filter(pk=second.pk).update(title="Spring hello, waving")
    login_as(client, alice)
    section = re.search(
        r'<section class="versions".*?</section>', page(client, second), re.S
    ).group(0)
    rows = re.findall(r'<li class="list__row version-row">.*?</li>', section, re.S)
    assert len(rows) == 2
    assert f'href="/renders/{first.code}/"' in rows[0] and "“Spring hello”" in rows[0]
    assert "Done" in rows[0] and "Approved" in rows[0]
    assert 'aria-current="page">Version 2 (this one)' in rows[1]
    assert "“Spring hello, waving”" in rows[1] and "Not reviewed" in rows[1]


def test_the_player_has_a_marker_strip_fed_by_the_comments_moments(
    client, alice, bob, project, make_render
):
    render = finish(make_render(), duration=4.0)
    comment_add(render=render, author=bob, body="Blink here, please.", at_seconds=2.5)
    comment_add(render=render, author=alice, body="On the whole video.")
    link, _ = sharelink_create(
        project=project, created_by=alice, label="ACME", renders=[render], allow_feedback=True
    )
    anna = LinkVisitor.objects.create(link=link, name="Anna")
    Comment.objects.create(
        render=render,
        visitor=anna,
        share_link=link,
        kind=CommentKind.COMMENT,
        body="Love it",
        at_seconds=1.0,
    )
    login_as(client, alice)
    html = page(client, render)
    strip = re.search(r"<div class=\"markers\"[^>]*>", html).group(0)
    assert 'data-duration="4.00"' in strip and "hidden" in strip  # shown by player.js
    labels = [htmllib.unescape(m) for m in re.findall(r'data-marker="([^"]*)"', html)]
    assert sorted(labels) == [
        "Comment at 0:01 by Anna (client): Love it",
        "Comment at 0:02 by Bob: Blink here, please.",
    ]
    assert html.index('id="player"') < html.index("data-markers") < html.index('id="conversation"')


def test_a_video_not_made_yet_has_no_marker_strip(client, alice, make_render):
    render = make_render()
    login_as(client, alice)
    assert "data-markers" not in page(client, render)


def test_the_reviewed_state_stays_in_the_conversation(client, alice, make_render):
    render = finish(make_render())
    Render.objects.filter(pk=render.pk).update(review_state=ReviewState.APPROVED)
    login_as(client, alice)
    html = page(client, render)
    conversation = html[html.index('id="conversation"') : html.index('id="shares"')]
    assert "review review--approved" in conversation
