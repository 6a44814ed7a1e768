import time

import pytest

from projects.models import Render, RenderStatus
from projects.renders import archiving, following, submission
from projects.renders.services import render_create
from tests.factories import portrait_asset, voiceover_asset


@pytest.fixture
def portrait(team, project):
    return portrait_asset(team, project=project)


@pytest.fixture
def voiceover(team, project):
    return voiceover_asset(team, project=project, seconds=3.0)


@pytest.fixture
def make_render(project, alice, portrait, voiceover, enqueued):
    def make(**kwargs):
        options = {"portrait": portrait, "voiceover": voiceover, **kwargs}
        return render_create(project=project, created_by=alice, **options)

    return make


def follow(render, *, timeout=20):
    """Do what the pump does for one render until it ends: submit, poll, archive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        render.refresh_from_db()
        if render.status == RenderStatus.QUEUED:
            Render.objects.filter(pk=render.pk).update(next_attempt_at=render.created)
            submission.render_submit(render_id=render.pk)
        elif render.status in (RenderStatus.SUBMITTED, RenderStatus.PROCESSING):
            Render.objects.filter(pk=render.pk).update(next_poll_at=render.created)
            following.renders_poll()
        elif render.status == RenderStatus.ARCHIVING:
            archiving.render_archive(render_id=render.pk)
        else:
            return render
        time.sleep(0.2)
    raise AssertionError(f"render still {render.status} after {timeout} s")
