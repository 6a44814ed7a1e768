"""The gallery's unfiltered pages read a page's stacks among the project's
newest renders (projects.gallery.stacks.recent_roots) and count them with
the page's other figures: the same cards, in the same order, as the full
query, and no count over the cards' subqueries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.gallery.cards import GALLERY_PAGE_SIZE, gallery_stacks, gallery_stacks_of
from projects.gallery.stacks import recent_roots
from projects.models import Render
from projects.renders.services import render_again
from tests.conftest import login_as
from tests.gallery.conftest import bulk_renders, finish


def codes(renders):
    return [str(r.code) for r in renders]


def test_the_newest_renders_give_the_same_pages_as_the_whole_project(
    client, alice, project, portrait, voiceover
):
    firsts = bulk_renders(project, portrait, voiceover, 60)
    # Older stacks get new versions now: they move to the top of the gallery.
    for old in firsts[30:36]:
        finish(render_again(render=Render.objects.get(pk=old.pk), created_by=alice))
    full = codes(gallery_stacks(project))
    assert len(full) == 60
    login_as(client, alice)
    for number in (1, 2, 3):
        response = client.get(f"/projects/{project.code}/", {"page": number})
        shown = codes(response.context["page"].object_list)
        start = (number - 1) * GALLERY_PAGE_SIZE
        assert shown == full[start : start + GALLERY_PAGE_SIZE]
        assert response.context["page"].paginator.count == 60
    assert "60 videos in this project." in response.content.decode()


def test_many_versions_per_stack_fall_back_to_the_whole_project(
    alice, project, portrait, voiceover
):
    first = bulk_renders(project, portrait, voiceover, 1)[0]
    now = timezone.now()
    for n in range(10):
        version = render_again(render=Render.objects.get(pk=first.pk), created_by=alice)
        Render.objects.filter(pk=version.pk).update(created=now + timedelta(seconds=n))
    older = bulk_renders(project, portrait, voiceover, 3)
    Render.objects.filter(pk__in=[r.pk for r in older]).update(created=now - timedelta(days=1))
    # Two stacks asked for: the newest 8 renders are all one stack's versions.
    assert recent_roots(project, 2) is None
    # Twenty asked for: the project's 14 renders are all read, its 4 stacks found.
    roots = recent_roots(project, 20)
    assert codes(gallery_stacks_of(roots)) == codes(gallery_stacks(project))
    assert len(roots) == 4


def test_the_first_page_counts_nothing_over_the_cards(client, alice, project, portrait, voiceover):
    bulk_renders(project, portrait, voiceover, 40)
    login_as(client, alice)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/projects/{project.code}/")
    # The stacks' count, as the paginator would make it, names their roots.
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(")]
    assert counts
    assert all("COALESCE" not in sql.upper() for sql in counts), counts
