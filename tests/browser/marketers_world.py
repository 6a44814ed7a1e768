"""A marketer's day in the database, for the browser tests that walk its pages
(accessibility, keyboard): videos in every state, versions, links with
feedback and a password, a notice, an empty project. Made through the ORM;
no worker needed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.models import (
    Comment,
    LinkVisitor,
    Notice,
    NoticeKind,
    Project,
    Render,
    RenderStatus,
    ReviewState,
)
from projects.sharing.passwords import sharelink_set_password
from projects.sharing.services import sharelink_create
from tests.factories import portrait_asset
from tests.gallery.browser.conftest import video_bytes, with_video  # noqa: F401
from tests.sharing.conftest import done_render


def in_flight_render(project, alice, status, colour, **fields):
    portrait = portrait_asset(project.team, project=project, colour=colour)
    render = Render.objects.create(
        project=project,
        created_by=alice,
        portrait=portrait,
        script="Hello from the spring campaign.",
        voice_id="oversea_male1",
        title=fields.pop("title"),
    )
    # Written directly, as the worker would have left it.
    Render.objects.filter(pk=render.pk).update(status=status, **fields)
    return render


@pytest.fixture
def day(project, alice, team, with_video):  # noqa: F811
    """Everything a marketer's day shows: videos in every state, links, notices."""
    first = with_video(done_render(project, alice, title="Astronaut — Spring EN"))
    second = with_video(
        done_render(
            project,
            alice,
            title="Astronaut — Spring EN",
            parent=first,
            version=2,
            review_state=ReviewState.APPROVED,
        )
    )
    other = with_video(done_render(project, alice, title="CEO — Welcome"))
    rendering = in_flight_render(
        project,
        alice,
        RenderStatus.PROCESSING,
        (30, 60, 91),
        title="Chef — Summer teaser",
        submitted_at=timezone.now() - timedelta(seconds=20),
    )
    failed = in_flight_render(
        project,
        alice,
        RenderStatus.FAILED,
        (30, 60, 92),
        title="Chef — Autumn teaser",
        failure_reason="Kling could not find a face in the portrait.",
        finished_at=timezone.now(),
    )
    link, token = sharelink_create(
        project=project,
        created_by=alice,
        label="ACME marketing team",
        renders=[second, other],
        allow_feedback=True,
        allow_download=True,
    )
    cleo = LinkVisitor.objects.create(link=link, opens=3, name="Cleo", email="cleo@acme.example")
    Comment.objects.create(
        render=second, visitor=cleo, share_link=link, body="Lovely!", at_seconds=2.0
    )
    Comment.objects.create(render=second, author=alice, body="Thanks!", at_seconds=1.5)
    locked, locked_token = sharelink_create(
        project=project, created_by=alice, label="Board preview", renders=[other]
    )
    sharelink_set_password(link=locked, password="board meeting 2026")
    Notice.objects.create(
        user=alice,
        render=second,
        project=project,
        kind=NoticeKind.READY,
        message=f"“{second.title}” in “{project.name}” is ready.",
    )
    empty = Project.objects.create(team=team, name="Autumn teaser", created_by=alice)
    return {
        "first": first,
        "second": second,
        "rendering": rendering,
        "failed": failed,
        "link": link,
        "token": token,
        "locked_token": locked_token,
        "empty": empty,
    }
