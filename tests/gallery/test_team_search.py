"""The team-wide search (/teams/<code>/search/): a team's videos across its
projects by title, direction, script and upload names, with filters, pages
that count nothing, and a query count that does not grow with the renders."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project, Render, RenderStatus, ReviewState
from projects.teams.services import user_sign_up
from tests.conftest import PASSWORD, login_as
from tests.factories import portrait_asset, voiceover_asset
from tests.gallery.conftest import bulk_renders, finish


def search(client, team, **query):
    response = client.get(f"/teams/{team.code}/search/", query)
    assert response.status_code == 200
    return response


def found(response):
    return {str(r.code) for r in response.context["page"].object_list}


def test_a_render_gets_its_projects_team_when_saved(make_render, team):
    assert make_render().team_id == team.pk


def test_it_finds_a_video_by_title_direction_script_and_upload_names(
    client, alice, team, project, make_render
):
    titled = finish(make_render(), title="Lighthouse teaser")
    directed = finish(make_render(prompt="waves at the camera"), title="Second")
    scripted = finish(
        make_render(voiceover=None, script="Our marmalade is back in stores."), title="Third"
    )
    face = portrait_asset(team, label="grandmother.png", colour=(200, 10, 10))
    voice = voiceover_asset(team, seconds=2.0, label="jingle-autumn.mp3")
    by_face = finish(make_render(portrait=face), title="Fourth")
    by_voice = finish(make_render(voiceover=voice), title="Fifth")
    login_as(client, alice)

    assert found(search(client, team, q="lighthouse")) == {str(titled.code)}
    assert found(search(client, team, q="WAVES AT")) == {str(directed.code)}
    assert found(search(client, team, q="marmalade")) == {str(scripted.code)}
    assert found(search(client, team, q="grandmother")) == {str(by_face.code)}
    assert found(search(client, team, q="jingle-autumn")) == {str(by_voice.code)}


def test_a_renamed_upload_is_found_by_its_new_name(client, alice, team, project, make_render):
    face = portrait_asset(team, label="img_0042.png", colour=(20, 30, 220))
    render = finish(make_render(portrait=face), title="Plain title")
    face.label = "ceo-portrait.png"
    face.save(update_fields=["label"])
    login_as(client, alice)
    assert found(search(client, team, q="ceo-portrait")) == {str(render.code)}
    assert found(search(client, team, q="img_0042")) == set()


def test_another_teams_videos_never_show(client, alice, team, project, make_render):
    mine = finish(make_render(prompt="smiles at sunrise"))
    carol = user_sign_up(email="carol@example.org", password=PASSWORD, name="Carol")
    theirs = Project.objects.create(team=carol.memberships.get().team, name="Theirs")
    their_face = portrait_asset(theirs.team, label="sunrise.png")
    their_voice = voiceover_asset(theirs.team, label="sunrise.mp3")
    bulk_renders(theirs, their_face, their_voice, 3, prompt="smiles at sunrise")
    login_as(client, alice)

    assert found(search(client, team, q="sunrise")) == {str(mine.code)}
    assert found(search(client, team)) == {str(mine.code)}
    # Naming their project in the filter shows nothing of it either.
    assert found(search(client, team, project=str(theirs.code))) == {str(mine.code)}


def test_archived_projects_are_not_searched(client, alice, team, project, make_render):
    finish(make_render(prompt="harbour lights"))
    project.archive()
    login_as(client, alice)
    response = search(client, team, q="harbour")
    assert found(response) == set()
    assert "No projects to search yet" in response.content.decode()


def test_the_filters_combine_with_the_words(client, alice, team, project, make_render):
    other = Project.objects.create(team=team, name="Autumn campaign", created_by=alice)
    done = finish(make_render(prompt="ocean breeze"), review_state=ReviewState.APPROVED)
    finish(make_render(prompt="ocean breeze"))  # done, not reviewed
    finish(make_render(prompt="ocean breeze"), status=RenderStatus.FAILED)
    make_render(prompt="ocean breeze")  # queued
    elsewhere = make_render(prompt="ocean breeze")
    Render.objects.filter(pk=elsewhere.pk).update(project=other)
    login_as(client, alice)

    assert len(found(search(client, team, q="ocean"))) == 5
    assert found(search(client, team, q="ocean", status="done", review="approved")) == {
        str(done.code)
    }
    assert len(found(search(client, team, q="ocean", status="done"))) == 2
    assert len(found(search(client, team, q="ocean", status="failed"))) == 1
    assert found(search(client, team, q="ocean", project=str(other.code))) == {str(elsewhere.code)}


def test_each_result_names_its_project(client, alice, team, project, make_render):
    finish(make_render(prompt="city lights"))
    login_as(client, alice)
    page = search(client, team, q="city").content.decode()
    assert "Spring campaign" in page
    assert f'href="/projects/{project.code}/"' in page


def test_pages_go_on_without_counting(client, alice, team, project, portrait, voiceover):
    bulk_renders(project, portrait, voiceover, 30, prompt="bright studio")
    login_as(client, alice)
    with CaptureQueriesContext(connection) as queries:
        first = search(client, team, q="bright")
    assert len(found(first)) == 24
    assert first.context["page"].has_next
    assert "page=2" in first.content.decode()
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    second = search(client, team, q="bright", page=2)
    assert len(found(second)) == 6
    assert not second.context["page"].has_next
    assert found(first).isdisjoint(found(second))
    assert "No more videos" in search(client, team, q="bright", page=3).content.decode()


def test_plain_words_when_nothing_matches(client, alice, team, project, make_render):
    make_render(prompt="smiles")
    login_as(client, alice)
    page = search(client, team, q="zebra crossing").content.decode()
    assert "No video matches “zebra crossing”" in page


def test_odd_input_gets_a_message_never_an_error(client, alice, team, project, make_render):
    render = finish(make_render(prompt="smiles at 100% _brightness_"))
    login_as(client, alice)
    short = search(client, team, q="a")
    assert "Type at least 2 characters to search." in short.content.decode()
    assert short.context["page"] is None
    # Wildcards are searched as the characters they are.
    assert found(search(client, team, q="100%")) == {str(render.code)}
    assert found(search(client, team, q="%%")) == set()
    assert found(search(client, team, q="_b")) == {str(render.code)}
    long = search(client, team, q="smiles " + "x" * 500)
    assert len(long.context["form"].cleaned_data["q"]) == 200
    assert "\x00" not in search(client, team, q="smi\x00les").content.decode()
    assert found(search(client, team, page="many", status="bogus", project="x")) == {
        str(render.code)
    }
    assert found(search(client, team, page="99999")) == set()  # the last page offered
    assert found(search(client, team, page="9" * 5000)) == {str(render.code)}


def test_the_query_count_does_not_grow_with_the_renders(
    client, alice, team, project, portrait, voiceover, django_assert_max_num_queries
):
    login_as(client, alice)
    bulk_renders(project, portrait, voiceover, 3, prompt="calm voice")
    with CaptureQueriesContext(connection) as few:
        search(client, team, q="calm")
    for n in range(10):
        other = Project.objects.create(team=team, name=f"Project {n}", created_by=alice)
        bulk_renders(other, portrait, voiceover, 20, prompt="calm voice")
    with django_assert_max_num_queries(10):
        many = search(client, team, q="calm", status="queued")
    assert len(found(many)) == 24
    with CaptureQueriesContext(connection) as lots:
        search(client, team, q="calm")
    assert len(lots) == len(few)
