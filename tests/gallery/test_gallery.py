"""The project gallery: filters, search, pages, cards, and a query count that
does not grow with the number of renders."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import RenderBatch, RenderStatus, ReviewState
from tests.conftest import login_as, set_role
from tests.factories import portrait_asset, voiceover_asset
from tests.gallery.conftest import bulk_renders, finish


def gallery(client, project, **query):
    response = client.get(f"/projects/{project.code}/", query)
    assert response.status_code == 200
    return response


def shown(response):
    """The renders on the page, as their codes."""
    return {str(r.code) for r in response.context["page"].object_list}


def test_the_gallery_filters_by_status(client, alice, project, make_render):
    queued = make_render()
    done = finish(make_render())
    failed = finish(make_render(), status=RenderStatus.FAILED)
    login_as(client, alice)
    assert shown(gallery(client, project, status="done")) == {str(done.code)}
    assert shown(gallery(client, project, status="failed")) == {str(failed.code)}
    assert shown(gallery(client, project, status="queued")) == {str(queued.code)}
    assert len(shown(gallery(client, project))) == 3


def test_the_gallery_filters_by_review_state(client, alice, project, make_render):
    approved = finish(make_render(), review_state=ReviewState.APPROVED)
    changes = finish(make_render(), review_state=ReviewState.CHANGES)
    pending = finish(make_render())
    login_as(client, alice)
    assert shown(gallery(client, project, review="approved")) == {str(approved.code)}
    assert shown(gallery(client, project, review="changes")) == {str(changes.code)}
    assert shown(gallery(client, project, review="pending")) == {str(pending.code)}


def test_the_gallery_filters_by_portrait_and_by_voiceover(
    client, alice, team, project, make_render, portrait, voiceover
):
    other_face = portrait_asset(team, label="ben.png", colour=(10, 200, 90))
    other_voice = voiceover_asset(team, seconds=2.5, label="summer.mp3")
    a = make_render()
    b = make_render(portrait=other_face)
    c = make_render(voiceover=other_voice)
    tts = make_render(voiceover=None, script="Meet our spring collection, made for sunny days.")
    login_as(client, alice)

    response = gallery(client, project, portrait=str(other_face.code))
    assert shown(response) == {str(b.code)}
    assert shown(gallery(client, project, voiceover=str(other_voice.code))) == {str(c.code)}
    assert shown(gallery(client, project, voiceover="kling-voice")) == {str(tts.code)}
    both = gallery(client, project, portrait=str(portrait.code), voiceover=str(voiceover.code))
    assert shown(both) == {str(a.code)}
    # The choices are the inputs this project's renders used.
    assert "ben.png" in response.content.decode()
    assert "summer.mp3" in response.content.decode()


def test_the_gallery_filters_by_batch(client, alice, project, make_render):
    batch = RenderBatch.objects.create(project=project, label="Spring faces")
    in_batch = [make_render(batch=batch), make_render(batch=batch)]
    make_render()
    login_as(client, alice)
    response = gallery(client, project, batch=str(batch.code))
    assert shown(response) == {str(r.code) for r in in_batch}
    assert "Spring faces" in response.content.decode()


def test_search_finds_words_in_directions_whatever_their_case(client, alice, project, make_render):
    waving = make_render(prompt="Waves at the camera, then smiles")
    make_render(prompt="nods slowly")
    make_render(prompt="")
    login_as(client, alice)
    assert shown(gallery(client, project, q="WAVES")) == {str(waving.code)}
    assert shown(gallery(client, project, q="   ")) != {str(waving.code)}  # blank: no filter


def test_filters_combine(client, alice, project, make_render):
    match = finish(make_render(prompt="smiles"), review_state=ReviewState.APPROVED)
    finish(make_render(prompt="smiles"))
    finish(make_render(prompt="frowns"), review_state=ReviewState.APPROVED)
    login_as(client, alice)
    response = gallery(client, project, status="done", review="approved", q="smile")
    assert shown(response) == {str(match.code)}
    assert "1 video matches these filters" in response.content.decode()


def test_pages_keep_the_filters(client, alice, project, portrait, voiceover):
    bulk_renders(project, portrait, voiceover, 30, status=RenderStatus.DONE, prompt="smiles")
    bulk_renders(project, portrait, voiceover, 5, status=RenderStatus.FAILED)
    login_as(client, alice)
    response = gallery(client, project, status="done", q="smiles")
    page = response.context["page"]
    assert (page.paginator.count, page.paginator.num_pages) == (30, 2)
    html = response.content.decode()
    next_link = re.search(r'href="/projects/[^/"]+/\?([^"#]*)#gallery" rel="next"', html).group(1)
    assert next_link.replace("&amp;", "&") == "status=done&q=smiles&page=2"

    second = gallery(client, project, status="done", q="smiles", page=2)
    assert len(second.context["page"].object_list) == 6
    prev_link = re.search(
        r'href="/projects/[^/"]+/\?([^"#]*)#gallery" rel="prev"', second.content.decode()
    )
    assert prev_link.group(1).replace("&amp;", "&") == "status=done&q=smiles&page=1"


def test_a_filter_value_that_does_not_fit_is_ignored(client, alice, project, make_render):
    make_render()
    make_render()
    login_as(client, alice)
    response = gallery(
        client, project, status="exploded", portrait="not-a-code", batch="nope", page="many"
    )
    assert len(shown(response)) == 2


def test_the_filters_are_a_plain_form_with_labels(client, alice, project, make_render):
    make_render()
    login_as(client, alice)
    html = gallery(client, project).content.decode()
    form = re.search(r'<form method="get"[^>]*class="gallery-filters".*?</form>', html, re.S)
    assert form
    for name in ["status", "review", "portrait", "voiceover", "batch", "q"]:
        assert f'name="{name}"' in form.group(0)
        assert f'<label for="id_{name}">' in form.group(0)
    assert 'type="submit"' in form.group(0)


def test_the_gallery_remembers_the_chosen_filters_in_the_form(client, alice, project, make_render):
    make_render()
    login_as(client, alice)
    html = gallery(client, project, status="failed", q="waves").content.decode()
    assert '<option value="failed" selected>' in html
    assert 'value="waves"' in html
    assert "Clear filters" in html


def test_a_card_shows_status_reason_inputs_direction_and_review(
    client, alice, project, make_render
):
    failed = finish(make_render(prompt="Waves at the camera"), status=RenderStatus.FAILED)
    approved = finish(make_render(prompt="Smiles"), review_state=ReviewState.APPROVED)
    login_as(client, alice)
    html = gallery(client, project).content.decode()
    card = re.search(rf'<li class="card-video" data-render="{failed.code}".*?</li>', html, re.S)
    text = card.group(0)
    assert "Failed" in text
    assert "Kling refused the portrait: no face was found." in text
    assert "anna.png" in text and "spring-offer.mp3" in text
    assert "Waves at the camera" in text
    assert "Not reviewed" in text
    approved_card = re.search(
        rf'<li class="card-video" data-render="{approved.code}".*?</li>', html, re.S
    )
    assert "Approved" in approved_card.group(0)
    assert "0:03" in approved_card.group(0)  # its length


def test_a_failed_render_without_a_reason_still_says_why_in_plain_words(
    client, alice, project, make_render
):
    finish(make_render(), status=RenderStatus.FAILED, failure_reason="")
    login_as(client, alice)
    assert "Kling could not make this video." in gallery(client, project).content.decode()


def test_the_gallery_shows_posters_and_never_preloads_a_video(client, alice, project, make_render):
    finish(make_render(), poster="teams/x/poster.jpg")
    login_as(client, alice)
    html = gallery(client, project).content.decode()
    assert "<video" not in html or all(
        'preload="none"' in tag for tag in re.findall(r"<video[^>]*>", html)
    )
    assert re.search(r'<img src="/renders/[0-9a-f-]+/poster/"', html)


def test_a_viewer_sees_the_gallery_and_its_filters(client, alice, bob, team, project, make_render):
    make_render()
    set_role(bob, team, "viewer")
    login_as(client, bob)
    assert 'name="status"' in gallery(client, project).content.decode()


def _gallery_queries(client, project):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/projects/{project.code}/")
    assert response.status_code == 200
    return len(queries)


def test_the_gallery_makes_as_many_queries_for_500_renders_as_for_5(
    client, alice, team, project, portrait, voiceover
):
    # Every kind of card: in a batch, alone, read by a Kling voice, with a
    # review and a failure reason, so that a per-card query would show.
    other_face = portrait_asset(team, label="ben.png", colour=(10, 200, 90))

    def add(count):
        batch = RenderBatch.objects.create(project=project, label=f"{count} faces")
        bulk_renders(project, portrait, voiceover, count, batch=batch, status=RenderStatus.DONE)
        bulk_renders(project, other_face, None, count, status=RenderStatus.FAILED)
        bulk_renders(
            project, portrait, voiceover, count, review_state=ReviewState.APPROVED, prompt="x"
        )

    login_as(client, alice)
    add(2)  # 6 renders
    _gallery_queries(client, project)  # warm the session and the content types
    few = _gallery_queries(client, project)
    add(165)  # 501 renders
    many = _gallery_queries(client, project)
    assert few == many


def test_the_status_endpoint_makes_one_query_for_any_number_of_cards(
    client, alice, project, portrait, voiceover
):
    renders = bulk_renders(project, portrait, voiceover, 40)
    login_as(client, alice)
    url = f"/projects/{project.code}/renders.json"
    client.get(url, {"code": [str(renders[0].code)]})
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"code": [str(renders[0].code)]})
    one = len(queries)
    with CaptureQueriesContext(connection) as queries:
        data = client.get(url, {"code": [str(r.code) for r in renders]}).json()
    forty = len(queries)
    assert len(data["renders"]) == 40
    assert one == forty


def test_an_old_batch_beyond_the_list_can_still_be_filtered_on(
    client, alice, project, portrait, voiceover
):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    batches = RenderBatch.objects.bulk_create(
        RenderBatch(project=project, label=f"Batch {i}", created=now - timedelta(hours=i))
        for i in range(55)
    )
    oldest = batches[-1]
    bulk_renders(project, portrait, voiceover, 2, batch=oldest)
    bulk_renders(project, portrait, voiceover, 3, batch=batches[0])
    login_as(client, alice)
    plain = gallery(client, project)
    assert len(plain.context["filters"].fields["batch"].choices) == 1 + 50
    assert f'<option value="{oldest.code}"' not in plain.content.decode()
    response = gallery(client, project, batch=str(oldest.code))
    assert len(shown(response)) == 2
    assert f'<option value="{oldest.code}" selected>Batch 54</option>' in response.content.decode()
