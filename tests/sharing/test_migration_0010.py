"""Migration 0010 (review rooms): links made before it keep working and keep
showing what they showed, without ever showing later videos by themselves;
every render gets a title."""

import hashlib
import secrets

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import Render, ShareLink
from projects.sharing.services import sharelink_create, sharelink_renders, sharelink_resolve
from tests.factories import portrait_asset
from tests.sharing.conftest import done_render

BEFORE = [("projects", "0009_merge_library_and_budgets")]


@pytest.mark.django_db(transaction=True)
def test_old_links_keep_their_videos_and_their_tokens(alice, project):
    portrait = portrait_asset(project.team, project=project, label="Astronaut.png")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    OldRender = apps.get_model("projects", "Render")
    OldLink = apps.get_model("projects", "ShareLink")

    def old_render(n, status="done", review_state="pending"):
        return OldRender.objects.create(
            project_id=project.pk,
            portrait_id=portrait.pk,
            script=f"Hello from take {n} of the spring campaign.",
            voice_id="oversea_male1",
            status=status,
            review_state=review_state,
            external_task_id=f"avs-old-{n}",
        )

    first, rejected, second = old_render(1), old_render(2, review_state="changes"), old_render(3)
    unfinished = old_render(4, status="processing")

    def old_link(render=None):
        token = secrets.token_urlsafe(32)
        OldLink.objects.create(
            project_id=project.pk,
            render=render,
            label="ACME",
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
        )
        return token

    gallery_token, one_video_token = old_link(), old_link(render=first)

    # Through 0010 and every later migration: the app's code below reads
    # today's tables (a later migration's new column would be missing at 0010).
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    try:
        gallery = sharelink_resolve(gallery_token)
        one_video = sharelink_resolve(one_video_token)
        assert gallery is not None and one_video is not None
        # The gallery as it was, newest first, without the rejected take or
        # the unfinished one; a video made now is not added.
        assert [r.pk for r in sharelink_renders(gallery)] == [second.pk, first.pk]
        assert [r.pk for r in sharelink_renders(one_video)] == [first.pk]
        assert rejected.pk not in {r.pk for r in gallery.renders.all()}
        assert unfinished.pk not in {r.pk for r in gallery.renders.all()}
        # Their token was shown once and cannot be derived: no copy button.
        assert gallery.token() is None
        # Nothing in the database opens them: the lookup hash is keyed.
        assert (
            ShareLink.objects.get(pk=gallery.pk).token_hash
            != hashlib.sha256(gallery_token.encode()).hexdigest()
        )
        titles = set(Render.objects.values_list("title", flat=True))
        assert titles == {
            "Astronaut — “Hello from take 1 of the…”",
            "Astronaut — “Hello from take 2 of the…”",
            "Astronaut — “Hello from take 3 of the…”",
            "Astronaut — “Hello from take 4 of the…”",
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_rotating_the_site_key_turns_every_link_off(settings, alice, project):
    link, token = sharelink_create(
        project=project, created_by=alice, label="ACME", renders=[done_render(project, alice)]
    )
    assert sharelink_resolve(token) == link
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    assert sharelink_resolve(token) is None
    # The links page would now show a different address, which opens nothing either.
    assert sharelink_resolve(link.token()) is None
