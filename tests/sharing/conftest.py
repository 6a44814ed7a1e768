import itertools
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from projects.models import LinkVisitor, Membership, Render, RenderStatus
from projects.sharing.services import shareable, sharelink_create
from projects.teams.invites import invite_create
from projects.teams.roles import Role
from projects.teams.services import user_sign_up
from tests.conftest import PASSWORD
from tests.factories import png_bytes, portrait_asset

# Not a playable MP4, but real bytes in real storage: what the views serve is
# the file, byte for byte, and ranges of it.
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40
WATERMARKED_BYTES = b"\x00\x00\x00\x18ftypmp42watermarked" + bytes(range(256)) * 10
# What a link turned off, expired or made up answers.
GONE = "This link has expired or was turned off. Ask the person who shared it for a new one."
# Each render gets a portrait of its own colour: identical uploads are one asset.
_colours = itertools.count(1)


def done_render(project, created_by, *, watermarked=True, **kwargs):
    """A finished render with its archived video, poster and watermarked copy."""
    n = next(_colours)
    portrait = portrait_asset(project.team, project=project, colour=(n % 256, n // 256 % 256, 90))
    render = Render(
        project=project,
        created_by=created_by,
        portrait=portrait,
        script="Hello from the spring campaign.",
        voice_id="oversea_male1",
        status=RenderStatus.DONE,
        finished_at=timezone.now(),
        duration=4.0,
        **kwargs,
    )
    render.video.save("video.mp4", ContentFile(VIDEO_BYTES), save=False)
    render.poster.save("poster.jpg", ContentFile(png_bytes(64, 64)), save=False)
    if watermarked:
        render.watermarked_video.save("watermarked.mp4", ContentFile(WATERMARKED_BYTES), save=False)
    render.save()
    return render


@pytest.fixture
def vera(db, team):
    """Alice's teammate with the viewer role."""
    user = user_sign_up(email="vera@example.org", password=PASSWORD, name="Vera")
    Membership.objects.create(team=team, user=user, role=Role.VIEWER)
    return user


@pytest.fixture
def render(project, alice):
    return done_render(project, alice)


@pytest.fixture
def other_render(project, alice):
    return done_render(project, alice)


@pytest.fixture
def make_link(project, alice):
    """Create a share link and return (link, token)."""

    def make(**kwargs):
        """By default the link shows every video that may be shared, newest first."""
        if "render" in kwargs:
            kwargs["renders"] = [kwargs.pop("render")]
        kwargs.setdefault("renders", list(shareable(project).order_by("-created")))
        options = {"project": project, "created_by": alice, "label": "For ACME", **kwargs}
        return sharelink_create(**options)

    return make


@pytest.fixture
def make_invite(team, alice):
    def make(**kwargs):
        options = {"team": team, "created_by": alice, "role": Role.EDITOR, **kwargs}
        return invite_create(**options)

    return make


def media(token, render, which="video"):
    """The address a share link serves a render's video (or poster) at."""
    return f"/s/{token}/renders/{render.code}/{which}/"


def expire(obj):
    type(obj).objects.filter(pk=obj.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    obj.refresh_from_db()


class BrokenMailBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


# --- Clients answering through a link (review rooms) --------------------------


@pytest.fixture
def feedback_link(make_link, render, other_render):
    """A link asking for feedback, showing both videos: (link, token)."""
    return make_link(renders=[render, other_render], allow_feedback=True)


@pytest.fixture
def anna(feedback_link):
    link, _ = feedback_link
    return LinkVisitor.objects.create(link=link, name="Anna Client", email="anna@client.example")
