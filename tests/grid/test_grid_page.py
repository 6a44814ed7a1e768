"""The campaign grid page: where each portrait × voice pair stands, said in
words and symbols, each cell linking to its latest render, and a page that
costs the same number of queries whatever its size."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import AssetKind, RenderStatus, ReviewState
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.grid.conftest import SCRIPT, light_asset, portraits, render, voiceovers


def cells_of(response):
    """{(portrait label, voice label): (word, link)} as the page built them."""
    grid = response.context["grid"]
    return {
        (portrait.label, cell.voice.label): (cell.word, cell.url)
        for portrait, cells in grid.rows
        for cell in cells
    }


def test_each_cell_says_its_state_in_words_and_a_symbol_and_links_its_latest_render(
    client, alice, team, project, grid_url
):
    (anna, ben, cleo) = portraits(team, 3, project)
    (intro, offer) = voiceovers(team, 2, project)
    approved = render(project, anna, intro, review_state=ReviewState.APPROVED)
    rendering = render(project, anna, offer, status=RenderStatus.PROCESSING)
    failed = render(project, ben, intro, status=RenderStatus.FAILED)
    queued = render(project, cleo, intro, status=RenderStatus.SUBMITTING)
    changes = render(project, cleo, offer, review_state=ReviewState.CHANGES)
    # An older try of ben × offer was approved; its latest is merely done.
    render(project, ben, offer, review_state=ReviewState.APPROVED)
    latest = render(project, ben, offer)
    login_as(client, alice)

    response = client.get(grid_url)

    assert response.status_code == 200
    assert cells_of(response) == {
        ("face-0.png", "voice-0.mp3"): ("Approved", approved.get_absolute_url()),
        ("face-0.png", "voice-1.mp3"): ("Rendering", rendering.get_absolute_url()),
        ("face-1.png", "voice-0.mp3"): ("Failed", failed.get_absolute_url()),
        ("face-1.png", "voice-1.mp3"): ("Done", latest.get_absolute_url()),
        ("face-2.png", "voice-0.mp3"): ("Queued", queued.get_absolute_url()),
        ("face-2.png", "voice-1.mp3"): ("Changes requested", changes.get_absolute_url()),
    }
    html = response.content.decode()
    for symbol, word, render_obj in [
        ("★", "Approved", approved),
        ("◔", "Rendering", rendering),
        ("✕", "Failed", failed),
        ("✓", "Done", latest),
        ("✎", "Changes requested", changes),
    ]:
        url = render_obj.get_absolute_url()
        assert f'<a href="{url}"><span aria-hidden="true">{symbol}</span> {word}</a>' in html
    assert '<span class="cell__tries">2 videos</span>' in html  # ben × offer
    assert re.search(r"1 done, 1 approved, 2 in progress,\s+2 need a look, 0 not made", html)


def test_a_missing_cell_can_be_ticked_by_an_editor_only(
    client, alice, bob, team, project, grid_url
):
    (anna,) = portraits(team, 1, project)
    (intro, offer) = voiceovers(team, 2, project)
    render(project, anna, intro)
    login_as(client, bob)

    html = client.get(grid_url).content.decode()

    assert html.count('name="cell"') == 1
    assert f'value="{anna.code}:{offer.code}"' in html
    assert 'aria-label="Make face-0.png with voice-1.mp3"' in html
    set_role(bob, team, Role.VIEWER)
    viewer = client.get(grid_url).content.decode()
    assert 'name="cell"' not in viewer and "grid/make/" not in viewer
    assert '<span aria-hidden="true">○</span> Not made' in viewer


def test_by_default_the_grid_has_the_projects_own_portraits_and_voices(
    client, alice, team, project, grid_url
):
    used_face, used_voice = (
        portraits(team, 1, prefix="used")[0],
        voiceovers(team, 1, prefix="used")[0],
    )
    render(project, used_face, used_voice)
    uploaded_here = light_asset(team, AssetKind.PORTRAIT, "uploaded-here.png", project=project)
    other = project.team.projects.create(name="Autumn")
    light_asset(team, AssetKind.PORTRAIT, "autumn-only.png", project=other)
    deleted = light_asset(team, AssetKind.VOICEOVER, "deleted.mp3", project=project)
    deleted.soft_delete()
    login_as(client, alice)

    grid = client.get(grid_url).context["grid"]

    assert [p.label for p in grid.portraits] == ["uploaded-here.png", "used-0.png"]
    assert [v.label for v in grid.voices] == ["used-0.mp3"]
    # The picker offers the team's whole live library.
    assert [p.label for p in grid.library_portraits] == [
        "autumn-only.png",
        "uploaded-here.png",
        "used-0.png",
    ]
    assert uploaded_here in grid.portraits


def test_the_picker_adds_others_from_the_library_and_ignores_what_is_not_the_teams(
    client, alice, team, charlie, project, grid_url
):
    (anna,) = portraits(team, 1, project)
    (intro,) = voiceovers(team, 1, project)
    extra = light_asset(team, AssetKind.VOICEOVER, "summer.mp3")
    foreign = light_asset(charlie.memberships.get().team, AssetKind.PORTRAIT, "theirs.png")
    login_as(client, alice)

    response = client.get(
        grid_url,
        {
            "pick": "1",
            "portrait": [str(anna.code), str(foreign.code), "not-a-code"],
            "voice": [str(intro.code), str(extra.code)],
        },
    )

    grid = response.context["grid"]
    assert [p.label for p in grid.portraits] == ["face-0.png"]
    assert [v.label for v in grid.voices] == ["summer.mp3", "voice-0.mp3"]
    assert "theirs.png" not in response.content.decode()
    # Nothing picked at all: an empty grid that says how to fill it.
    empty = client.get(grid_url, {"pick": "1"})
    assert empty.status_code == 200
    assert "Choose at least one portrait and one voice above." in empty.content.decode()


def test_scripts_read_by_a_kling_voice_are_columns_of_their_own(
    client, alice, team, project, grid_url
):
    (anna, ben) = portraits(team, 2, project)
    by_man = render(project, anna, script=SCRIPT, voice_id="uk_man2")
    render(project, anna, script=SCRIPT, voice_id="oversea_male1", status=RenderStatus.FAILED)
    login_as(client, alice)

    response = client.get(grid_url)

    columns = [v.label for v in response.context["grid"].voices]
    assert columns == [f"“{SCRIPT}” (uk_man2)", f"“{SCRIPT}” (oversea_male1)"]
    cells = cells_of(response)
    assert cells[("face-0.png", columns[0])] == ("Done", by_man.get_absolute_url())
    assert cells[("face-0.png", columns[1])][0] == "Failed"
    assert cells[("face-1.png", columns[0])] == ("Not made", "")


def test_a_grid_larger_than_the_page_shows_says_what_it_left_out(
    client, alice, team, project, grid_url, monkeypatch
):
    monkeypatch.setattr("projects.grid.matrix.MAX_PORTRAITS", 2)
    portraits(team, 3, project)
    voiceovers(team, 1, project)
    login_as(client, alice)

    response = client.get(grid_url)

    assert len(response.context["grid"].portraits) == 2
    assert "the first 2 portraits (1 more left out)" in response.content.decode()


def _grid_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.context["grid"].size


def test_the_grid_makes_as_many_queries_at_5_by_6_as_at_2_by_2(client, alice, team, project):
    states = [
        {"status": RenderStatus.DONE, "review_state": ReviewState.APPROVED},
        {"status": RenderStatus.DONE, "review_state": ReviewState.CHANGES},
        {"status": RenderStatus.PROCESSING},
        {"status": RenderStatus.FAILED},
        {"status": RenderStatus.QUEUED},
        {"status": RenderStatus.CANCELED},
    ]

    def fill(target, faces, voices, scripts=()):
        for i, face in enumerate(faces):
            for j, voice in enumerate(voices):
                if (i + j) % 4:  # some cells stay missing
                    render(target, face, voice, **states[(i + j) % len(states)])
            for voice_id in scripts:
                render(target, face, script=SCRIPT, voice_id=voice_id)

    small = project
    fill(small, portraits(team, 2, small, "small"), voiceovers(team, 2, small, "small"))
    large = team.projects.create(name="Large")
    fill(
        large,
        portraits(team, 5, large, "large"),
        voiceovers(team, 4, large, "large"),
        scripts=["uk_man2", "oversea_male1"],
    )
    login_as(client, alice)
    client.get(f"/projects/{small.code}/grid/")  # warm the session and the content types

    few, small_size = _grid_queries(client, f"/projects/{small.code}/grid/")
    many, large_size = _grid_queries(client, f"/projects/{large.code}/grid/")

    assert (small_size, large_size) == (4, 30)
    assert few == many


def test_the_project_page_links_the_grid_for_everyone_and_the_import_for_editors(
    client, bob, team, project
):
    login_as(client, bob)
    html = client.get(project.get_absolute_url()).content.decode()
    assert f'href="/projects/{project.code}/grid/">Campaign grid</a>' in html
    assert f'href="/projects/{project.code}/import/">Import a CSV</a>' in html

    set_role(bob, team, Role.VIEWER)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Campaign grid</a>" in html and "Import a CSV" not in html
