"""The team-wide search (issue #18): each render names its project's team, so
that a team's renders read newest first from one index; the existing renders
get theirs from their project. The gallery's filters ask whether a project
used an upload: an index on (upload, project) answers each in one look-up.
On PostgreSQL, trigram indexes let a search
for a word in titles, directions and scripts skip the renders without it
(pg_trgm ships with PostgreSQL; creating it needs a role allowed to). SQLite
has no such index: there a search reads the team's renders newest first
until a page is full."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# Django's icontains on PostgreSQL compares UPPER(column::text): the indexes
# are on that expression so the planner can use them.
TRIGRAM_COLUMNS = ("title", "prompt", "script")


def fill_teams(apps, schema_editor):
    Render = apps.get_model("projects", "Render")
    Project = apps.get_model("projects", "Project")
    team = Project.objects.filter(pk=OuterRef("project_id")).values("team_id")[:1]
    Render.objects.filter(team__isnull=True).update(team_id=Subquery(team))


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS render_{column}_trgm_idx ON projects_render "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS render_{column}_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0016_merge_trust_and_captions"),
    ]

    operations = [
        migrations.AddField(
            model_name="render",
            name="team",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="projects.team",
            ),
        ),
        migrations.AddIndex(
            model_name="render",
            index=models.Index(fields=["team", "-created"], name="render_team_search_idx"),
        ),
        migrations.AddIndex(
            model_name="render",
            index=models.Index(fields=["portrait", "project"], name="render_portrait_use_idx"),
        ),
        migrations.AddIndex(
            model_name="render",
            index=models.Index(fields=["voiceover", "project"], name="render_voiceover_use_idx"),
        ),
        migrations.RunPython(fill_teams, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
