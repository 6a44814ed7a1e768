"""Version stacks: the gallery shows one card per render and its versions,
with the approved version on top (else the newest), the number of versions,
the stack's review state, and a newer version on its way."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.gallery.cards import GALLERY_PAGE_SIZE
from projects.models import Render, RenderStatus, ReviewState
from projects.renders.services import render_again, renders_create_batch
from tests.conftest import login_as
from tests.factories import voiceover_asset
from tests.gallery.conftest import bulk_renders, finish


def gallery(client, project, **query):
    response = client.get(f"/projects/{project.code}/", query)
    assert response.status_code == 200
    return response


def cards(response):
    """The cards on the page: {card's render code: its HTML}."""
    html = response.content.decode()
    card = r'(<li class="card-video[^"]*" data-render="([0-9a-f-]+)".*?</li>)'
    found = re.findall(card, html, re.S)
    return {code: card for card, code in found}


def approve(render):
    Render.objects.filter(pk=render.pk).update(review_state=ReviewState.APPROVED)
    render.refresh_from_db()
    render.refresh_stack()  # as set_review does
    return render


def stack_of_three(alice, make_render, **first):
    v1 = finish(make_render(prompt="smiles", **first))
    v2 = finish(render_again(render=v1, created_by=alice, prompt="waves"))
    v3 = finish(render_again(render=v2, created_by=alice, prompt="nods"))
    return v1, v2, v3


def test_a_stack_shows_its_newest_version_when_none_is_approved(
    client, alice, project, make_render
):
    v1, v2, v3 = stack_of_three(alice, make_render)
    login_as(client, alice)
    shown = cards(gallery(client, project))
    assert list(shown) == [str(v3.code)]
    assert "3 versions" in shown[str(v3.code)] and "card-video--stack" in shown[str(v3.code)]
    assert "Version 3" in shown[str(v3.code)]
    assert "Not reviewed" in shown[str(v3.code)]


def test_the_newest_approved_version_is_on_top_and_makes_the_stack_approved(
    client, alice, project, make_render
):
    v1, v2, v3 = stack_of_three(alice, make_render)
    approve(v1)
    approve(v2)
    Render.objects.filter(pk=v3.pk).update(review_state=ReviewState.CHANGES)
    login_as(client, alice)
    shown = cards(gallery(client, project))
    assert list(shown) == [str(v2.code)]
    card = shown[str(v2.code)]
    assert "3 versions" in card and "Version 2" in card
    assert 'class="review review--approved"' in card


def test_a_render_made_once_is_a_card_of_its_own_without_a_count(
    client, alice, project, make_render
):
    single = finish(make_render())
    v1, v2, v3 = stack_of_three(alice, make_render)
    login_as(client, alice)
    response = gallery(client, project)
    shown = cards(response)
    assert set(shown) == {str(single.code), str(v3.code)}
    assert "versions" not in shown[str(single.code)]
    # Paging and the count say stacks, not versions.
    assert response.context["page"].paginator.count == 2
    assert "2 videos in this project" in response.content.decode()


def test_a_version_on_its_way_shows_on_the_approved_versions_card(
    client, alice, project, make_render
):
    v1 = approve(finish(make_render()))
    v2 = render_again(render=v1, created_by=alice, prompt="waves")
    Render.objects.filter(pk=v2.pk).update(status=RenderStatus.PROCESSING)
    login_as(client, alice)
    shown = cards(gallery(client, project))
    assert list(shown) == [str(v1.code)]
    line = re.search(r'<p class="card-video__next".*?</p>', shown[str(v1.code)], re.S).group(0)
    # Its own node for the gallery's polling, with its own status.
    assert f'data-render="{v2.code}"' in line and 'data-finished="0"' in line
    assert "Version 2</a>:" in line and "Rendering" in line
    # The page polls it: the status endpoint answers for it, with its version.
    data = client.get(f"/projects/{project.code}/renders.json", {"code": [str(v2.code)]}).json()
    assert data["renders"][0]["version"] == 2
    assert data["renders"][0]["status_word"] == "Rendering"


def test_without_an_approved_version_the_newest_on_its_way_is_the_card(
    client, alice, project, make_render
):
    v1 = finish(make_render())
    v2 = render_again(render=v1, created_by=alice, prompt="waves")  # queued
    login_as(client, alice)
    shown = cards(gallery(client, project))
    assert list(shown) == [str(v2.code)]
    card = shown[str(v2.code)]
    assert 'data-finished="0"' in card and "Queued" in card
    assert "card-video__next" not in card  # the card itself is the version on its way


def test_the_stack_added_to_last_comes_first(client, alice, project, make_render):
    old = finish(make_render(prompt="old"))
    newer = finish(make_render(prompt="newer"))
    again = render_again(render=old, created_by=alice)
    login_as(client, alice)
    assert list(cards(gallery(client, project))) == [str(again.code), str(newer.code)]


def test_pages_count_stacks(client, alice, project, portrait, voiceover):
    roots = bulk_renders(project, portrait, voiceover, GALLERY_PAGE_SIZE + 1)
    for root in roots:  # a second version each: still one card per stack
        bulk_renders(project, portrait, voiceover, 1, parent=root, version=2)
    login_as(client, alice)
    first = gallery(client, project)
    assert first.context["page"].paginator.count == GALLERY_PAGE_SIZE + 1
    assert first.context["page"].paginator.num_pages == 2
    assert len(cards(first)) == GALLERY_PAGE_SIZE
    assert len(cards(gallery(client, project, page=2))) == 1


def _page_queries(client, project):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/projects/{project.code}/")
    assert response.status_code == 200
    return len(queries)


def test_the_gallery_of_stacks_makes_as_many_queries_for_50_stacks_as_for_5(
    client, alice, project, portrait, voiceover
):
    def add(count):
        # Stacks of three: an approved first version, a done second, a third
        # on its way, so that a per-card query for the top, the count or the
        # version on its way would show.
        roots = bulk_renders(
            project,
            portrait,
            voiceover,
            count,
            status=RenderStatus.DONE,
            review_state=ReviewState.APPROVED,
        )
        for root in roots:
            bulk_renders(project, portrait, voiceover, 1, parent=root, version=2, status="done")
            bulk_renders(
                project, portrait, voiceover, 1, parent=root, version=3, status="processing"
            )

    login_as(client, alice)
    add(5)
    _page_queries(client, project)  # warm the session and the content types
    few = _page_queries(client, project)
    add(45)
    many = _page_queries(client, project)
    assert few == many
    response = gallery(client, project)
    assert response.context["page"].paginator.count == 50
    assert response.content.decode().count("card-video__next") == GALLERY_PAGE_SIZE


# --- Filters on stacks --------------------------------------------------------


def test_the_review_filter_matches_the_stacks_state(client, alice, project, make_render):
    v1, v2, v3 = stack_of_three(alice, make_render)
    approve(v2)  # v1 and v3 are not reviewed, but the stack is approved
    other = finish(make_render())
    login_as(client, alice)
    assert list(cards(gallery(client, project, review="approved"))) == [str(v2.code)]
    assert list(cards(gallery(client, project, review="pending"))) == [str(other.code)]


def test_the_status_filter_matches_the_card_or_its_version_on_its_way(
    client, alice, project, make_render
):
    v1 = approve(finish(make_render()))
    v2 = render_again(render=v1, created_by=alice)
    Render.objects.filter(pk=v2.pk).update(status=RenderStatus.PROCESSING)
    v2.refresh_stack()  # as the worker's transitions do
    # A failed first version behind a done second one is not a failed stack.
    failed = finish(make_render(), status=RenderStatus.FAILED)
    fixed = finish(render_again(render=failed, created_by=alice))
    login_as(client, alice)
    assert list(cards(gallery(client, project, status="rendering"))) == [str(v1.code)]
    assert set(cards(gallery(client, project, status="done"))) == {str(v1.code), str(fixed.code)}
    assert list(cards(gallery(client, project, status="failed"))) == []


def test_search_finds_a_stack_by_any_versions_direction_and_shows_its_top(
    client, alice, project, make_render
):
    v1, v2, v3 = stack_of_three(alice, make_render)  # smiles, waves, nods
    finish(make_render(prompt="jumps"))
    login_as(client, alice)
    response = gallery(client, project, q="WAVES")
    assert list(cards(response)) == [str(v3.code)]
    assert response.context["page"].paginator.count == 1


def test_the_batch_filter_keeps_the_stacks_whose_first_version_is_in_the_batch(
    client, alice, team, project, make_render, portrait, voiceover
):
    other_voice = voiceover_asset(team, project=project, seconds=2.0, label="summer.mp3")
    first, _ = renders_create_batch(
        project=project, created_by=alice, portraits=[portrait], voiceovers=[voiceover, other_voice]
    )
    again = render_again(render=first, created_by=alice)
    assert again.batch_id is None  # made again, outside the batch
    make_render()  # not in the batch
    login_as(client, alice)
    shown = cards(gallery(client, project, batch=str(first.batch.code)))
    assert str(again.code) in shown and len(shown) == 2
