import uuid

import pytest

from projects.models import Asset, AssetKind, Render, RenderStatus, ReviewState
from tests.factories import give_consent


def light_asset(team, kind, label, *, project=None, seconds=3.0):
    """A library row without a real file: the grid only names and links uploads."""
    portrait = kind == AssetKind.PORTRAIT
    asset = Asset.objects.create(
        team=team,
        project=project,
        kind=kind,
        file=f"teams/{team.code}/assets/{uuid.uuid4().hex}.bin",
        label=label,
        format="png" if portrait else "mp3",
        extension="png" if portrait else "mp3",
        content_type="image/png" if portrait else "audio/mpeg",
        bytes=1000,
        width=512 if portrait else None,
        height=512 if portrait else None,
        duration=None if portrait else seconds,
        source_sha256=uuid.uuid4().hex * 2,
    )
    if portrait:
        give_consent(asset)
    return asset


def portraits(team, count, project=None, prefix="face"):
    return [
        light_asset(team, AssetKind.PORTRAIT, f"{prefix}-{i}.png", project=project)
        for i in range(count)
    ]


def voiceovers(team, count, project=None, prefix="voice", seconds=3.0):
    return [
        light_asset(
            team, AssetKind.VOICEOVER, f"{prefix}-{i}.mp3", project=project, seconds=seconds
        )
        for i in range(count)
    ]


def render(project, portrait, voiceover=None, *, script="", voice_id="", status="done", **fields):
    """A render in any state, as the worker would have left it."""
    done = status == RenderStatus.DONE
    return Render.objects.create(
        project=project,
        portrait=portrait,
        voiceover=voiceover,
        script=script,
        voice_id=voice_id,
        voice_language="en" if script else "",
        status=status,
        review_state=fields.pop("review_state", ReviewState.PENDING),
        duration=3.0 if done else None,
        **fields,
    )


SCRIPT = "Meet our spring collection, made for sunny days."


@pytest.fixture
def grid_url(project):
    return f"/projects/{project.code}/grid/"


@pytest.fixture
def make_url(project):
    return f"/projects/{project.code}/grid/make/"
