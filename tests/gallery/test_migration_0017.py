"""Migration 0017 (team search): renders made before it get their project's
team, so the team-wide search finds them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from projects.models import Render
from tests.conftest import login_as
from tests.factories import portrait_asset

BEFORE = [("projects", "0016_merge_trust_and_captions")]
AFTER = [("projects", "0017_render_team_search")]


@pytest.mark.django_db(transaction=True)
def test_old_renders_get_their_projects_team_and_are_found(alice, team, project):
    portrait = portrait_asset(team, project=project, label="Astronaut.png")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldRender = executor.loader.project_state(BEFORE).apps.get_model("projects", "Render")
    old = OldRender.objects.create(
        project_id=project.pk,
        portrait_id=portrait.pk,
        script="Hello from the old harbour campaign.",
        voice_id="oversea_male1",
        external_task_id="avs-old-1",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Render.objects.get(pk=old.pk).team_id == team.pk
    client = Client()
    login_as(client, alice)
    response = client.get(f"/teams/{team.code}/search/", {"q": "harbour"})
    assert [r.pk for r in response.context["page"].object_list] == [old.pk]
