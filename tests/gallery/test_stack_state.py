"""The state each version stack keeps on its first render (models/stack_state.py)
follows every change the app makes, says what the cards' subqueries say, and
migration 0019 fills it for the renders made before it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from projects.gallery.stacks import with_stack
from projects.models import Render, RenderStatus, ReviewState
from projects.models.render_lifecycle import STAGE_OF
from projects.models.stack_state import APPROVED
from projects.renders.services import render_again
from projects.reviews.services import render_approve, render_request_changes
from tests.conftest import login_as
from tests.factories import portrait_asset
from tests.gallery.conftest import finish

BEFORE = [("projects", "0017_render_team_search")]
AFTER = [("projects", "0019_stack_state")]


def stored(render):
    root = Render.objects.get(pk=render.parent_id or render.pk)
    return (
        root.stack_top_pk,
        root.stack_stage,
        root.stack_review,
        root.stack_pending_stage,
        root.stack_newest,
    )


def computed(render):
    """What the cards' subqueries (gallery/stacks.py) say of the stack."""
    root = render.parent_id or render.pk
    row = with_stack(Render.objects.filter(pk=root)).get()
    top = Render.objects.get(pk=row.top_id)
    pending = STAGE_OF[row.pending_status] if row.pending_status else ""
    return (top.pk, top.stage, top.review_state, pending, row.stack_updated)


def test_the_review_state_names_the_same_approved(db):
    assert APPROVED == ReviewState.APPROVED


def test_the_stored_state_follows_the_apps_changes(alice, make_render):
    v1 = make_render(prompt="smiles")
    assert stored(v1) == computed(v1) == (v1.pk, "queued", "pending", "", v1.created)
    v1.hold_over_budget()
    assert stored(v1)[1] == "held"
    v1.unhold(timezone.now())
    assert stored(v1)[1] == "queued"
    now = timezone.now()
    v1.mark_failed("Kling refused the portrait.", now)
    assert stored(v1)[1] == "failed"
    assert v1.requeue_for_retry(now)
    assert stored(v1)[1] == "queued"
    v1 = finish(v1)
    render_request_changes(render=v1, reviewed_by=alice, body="Warmer, please.")
    assert stored(v1) == computed(v1)
    assert stored(v1)[1:3] == ("done", "changes")

    # A second version on its way is the top until one is approved.
    v2 = render_again(render=Render.objects.get(pk=v1.pk), created_by=alice)
    assert stored(v1) == computed(v1) == (v2.pk, "queued", "pending", "", v2.created)
    render_approve(render=Render.objects.get(pk=v1.pk), reviewed_by=alice)
    assert stored(v1) == computed(v1) == (v1.pk, "done", "approved", "queued", v2.created)
    v2.cancel(timezone.now())
    assert stored(v1) == computed(v1) == (v1.pk, "done", "approved", "", v2.created)


def test_saving_a_render_again_keeps_its_stacks_state(alice, make_render):
    v1 = finish(make_render())
    old = Render.objects.get(pk=v1.pk)  # read before the stack changes
    render_again(render=v1, created_by=alice)
    old.title = "Spring, take two"
    old.save()
    assert stored(v1) == computed(v1)


@pytest.mark.django_db(transaction=True)
def test_migration_0019_fills_the_state_of_stacks_made_before_it(alice, team, project):
    portrait = portrait_asset(team, project=project, label="Astronaut.png")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldRender = executor.loader.project_state(BEFORE).apps.get_model("projects", "Render")
    common = {"project_id": project.pk, "team_id": team.pk, "portrait_id": portrait.pk}
    common |= {"script": "Hello from the old harbour.", "voice_id": "oversea_male1"}
    now = timezone.now()
    first = OldRender.objects.create(
        **common,
        external_task_id="avs-old-1",
        status=RenderStatus.DONE,
        review_state=ReviewState.APPROVED,
        video="x/video.mp4",
        created=now - timedelta(hours=1),
    )
    second = OldRender.objects.create(
        **common, external_task_id="avs-old-2", parent_id=first.pk, version=2, created=now
    )
    alone = OldRender.objects.create(
        **common, external_task_id="avs-old-3", status=RenderStatus.FAILED
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    for render in Render.objects.filter(pk__in=[first.pk, second.pk, alone.pk]):
        assert stored(render) == computed(render)
    assert stored(Render.objects.get(pk=first.pk))[:4] == (first.pk, "done", "approved", "queued")
    client = Client()
    login_as(client, alice)
    response = client.get(f"/projects/{project.code}/", {"status": "failed"})
    assert [r.pk for r in response.context["page"].object_list] == [alone.pk]
