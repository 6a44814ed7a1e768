import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.models import Render, RenderStatus
from projects.models.stack_state import fill_stacks
from projects.renders.services import render_create
from tests.factories import portrait_asset, voiceover_asset


@pytest.fixture
def portrait(team, project):
    return portrait_asset(team, project=project, label="anna.png")


@pytest.fixture
def voiceover(team, project):
    return voiceover_asset(team, project=project, seconds=3.0, label="spring-offer.mp3")


@pytest.fixture
def make_render(project, alice, portrait, voiceover, enqueued):
    """A queued render made the way the app makes them."""

    def make(**kwargs):
        options = {"portrait": portrait, "voiceover": voiceover, **kwargs}
        return render_create(project=project, created_by=alice, **options)

    return make


def finish(render, *, status=RenderStatus.DONE, duration=3.0, units="1.2", when=None, **fields):
    """What the worker leaves on a render once Kling is done with it (without
    files: the pages only link to them)."""
    done = status == RenderStatus.DONE
    values = {
        "status": status,
        "finished_at": when or timezone.now(),
        "duration": duration if done else None,
        "units": Decimal(units) if done and units is not None else None,
        "video": f"teams/x/renders/{render.code.hex}/video.mp4" if done else "",
        "failure_reason": "" if done else "Kling refused the portrait: no face was found.",
        **fields,
    }
    Render.objects.filter(pk=render.pk).update(**values)
    render.refresh_from_db()
    render.refresh_stack()  # as the worker's transitions do
    return render


@pytest.fixture
def done_render(make_render):
    return finish(make_render(prompt="smiles, nods"))


def bulk_renders(project, portrait, voiceover, count, **fields):
    """Many renders at once for list-page tests: bulk_create skips save(), so
    each gets its unique code, external task id and team here."""
    now = timezone.now()
    renders = []
    for i in range(count):
        code = uuid.uuid4()
        renders.append(
            Render(
                project=project,
                team_id=project.team_id,
                portrait=portrait,
                voiceover=voiceover,
                script="" if voiceover else "Meet our spring collection, made for sunny days.",
                voice_id="" if voiceover else "uk_man2",
                code=code,
                external_task_id=f"avs-{code.hex}",
                created=now - timedelta(seconds=i),
                **fields,
            )
        )
    made = Render.objects.bulk_create(renders, batch_size=500)
    # bulk_create skips save(): the stacks' state is filled as migration 0019 does.
    fill_stacks(Render, {r.parent_id or r.pk for r in made})
    return made
