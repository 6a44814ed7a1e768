"""Importing a sheet on a project's page: a preview with each row's verdict
before anything is queued, then the good rows only, after a confirmation
naming how many and what they cost. A sheet we cannot read queues nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import AssetKind, Render, RenderBatch
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.grid.conftest import light_asset

HEADER = "project,portrait,voiceover,prompt,mode\n"


@pytest.fixture
def library(team, project):
    return {
        "anna": light_asset(team, AssetKind.PORTRAIT, "anna.png"),
        "intro": light_asset(team, AssetKind.VOICEOVER, "intro.mp3", seconds=3.0),
        "offer": light_asset(team, AssetKind.VOICEOVER, "offer.mp3", seconds=5.0),
    }


@pytest.fixture
def page(client, alice, project):
    login_as(client, alice)
    url = f"/projects/{project.code}/import/"

    def upload(content, name="sheet.csv"):
        data = content.encode() if isinstance(content, str) else content
        return client.post(url, {"sheet": SimpleUploadedFile(name, data, "text/csv")})

    return upload


def queue(client, project, preview, **changes):
    """Press "Queue N videos" on a preview."""
    form = preview.context["form"]
    data = {
        "text": form["text"].value(),
        "name": form["name"].value(),
        "lines": preview.context["lines"],
        **changes,
    }
    return client.post(f"/projects/{project.code}/import/queue/", data)


def verdicts(response):
    return {v.row.line: v.reason or "will make" for v in response.context["preview"]}


def test_the_preview_gives_each_rows_verdict_and_queues_nothing(
    page, project, library, settings, enqueued
):
    settings.KLING_USES_SANDBOX = False
    settings.PRICE_PER_UNIT = "0.25"
    project.team.projects.create(name="Autumn")

    response = page(
        HEADER + 'Spring campaign,anna.png,intro.mp3,"smiles, waves",pro\n'
        f"{project.code},faces/ANNA.png,offer.mp3,,\n"
        "Spring campaign,nobody.png,intro.mp3,,\n"
        "Spring campaign,intro.mp3,offer.mp3,,\n"
        "Autumn,anna.png,intro.mp3,,\n"
        "Spring campaign,anna.png,intro.mp3,,ULTRA\n"
        ",,,,\n"
        ",anna.png,,,\n"
    )

    assert response.status_code == 200
    assert verdicts(response) == {
        2: "will make",
        3: "will make",
        4: "No portrait in the team's library is called “nobody.png”; upload it first.",
        5: "“intro.mp3” is a voiceover, not a portrait.",
        6: "This row is for the project “Autumn”; import it on that project's page.",
        7: "The mode is “ULTRA”; use std or pro.",
        9: "The project is missing; the voiceover is missing.",
    }
    html = response.content.decode()
    assert "7 rows: 2 will make a video, 5 are refused" in html
    # 3 s in pro (0.8 a second) and 5 s in std (0.4 a second): 4.4 units.
    assert "2 videos, about 4.4 units (≈ €1.10)." in html
    assert "Queue 2 videos</button>" in html
    assert 'data-confirm="Queue 2 videos, about 4.4 units (≈ €1.10)?"' in html
    assert not Render.objects.exists() and enqueued == []


def test_queueing_makes_the_previews_good_rows_only(
    client, page, alice, project, library, enqueued, django_capture_on_commit_callbacks
):
    preview = page(
        HEADER + 'Spring campaign,anna.png,intro.mp3,"smiles, waves",pro\n'
        "Spring campaign,nobody.png,intro.mp3,,\n"
        f"Spring campaign,{library['anna'].code},offer.mp3,,\n",
        name="launch.csv",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = queue(client, project, preview)

    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.code}/#gallery"
    first, second = Render.objects.order_by("pk")
    assert (first.voiceover, first.prompt, first.mode) == (library["intro"], "smiles, waves", "pro")
    assert (second.voiceover, second.prompt, second.mode) == (library["offer"], "", "std")
    assert first.portrait == second.portrait == library["anna"]
    assert first.created_by == alice
    assert RenderBatch.objects.get().label == "Imported from launch.csv"
    assert [args for _, args in enqueued] == [(first.pk,), (second.pk,)]


def test_if_the_library_changed_since_the_preview_it_shows_again_and_queues_nothing(
    client, page, project, library
):
    preview = page(
        HEADER + "Spring campaign,anna.png,intro.mp3,,\nSpring campaign,anna.png,offer.mp3,,\n"
    )
    library["offer"].soft_delete()

    response = queue(client, project, preview)

    assert response.status_code == 200
    assert "checked again; nothing was queued" in response.content.decode()
    assert verdicts(response)[3].startswith("No voiceover in the team's library is called")
    assert not Render.objects.exists()


def test_lines_that_differ_from_the_preview_queue_nothing(client, page, project, library):
    preview = page(HEADER + "Spring campaign,anna.png,intro.mp3,,\n")

    response = queue(client, project, preview, lines="2,3")

    assert "checked again; nothing was queued" in response.content.decode()
    assert not Render.objects.exists()


def test_a_name_two_uploads_share_asks_for_the_code(page, team, library):
    light_asset(team, AssetKind.PORTRAIT, "anna.png")

    response = page(HEADER + "Spring campaign,anna.png,intro.mp3,,\n")

    assert verdicts(response)[2] == (
        "Several portraits in the library are called “anna.png”; give the code of the one "
        "you mean instead (listed on this page)."
    )


def sheet_error(response):
    assert response.status_code == 200
    assert response.context["preview"] is None
    return " ".join(response.context["form"].errors.get("sheet", []))


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("project,portrait,voiceover\nSpring campaign,é,x\n".encode("latin-1"), "s.csv",
         "This file is not a CSV saved as UTF-8 text."),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "sheet.xlsx",
         "This is a spreadsheet workbook, not a CSV."),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "face.png", "This file is not a CSV saved as UTF-8"),
        ("project,portrait,voiceover\x00\n", "nul.csv", "characters no CSV has: it is not a CSV"),
        ("portrait,voiceover\nanna.png,intro.mp3\n", "s.csv",
         "The CSV's first row must name its columns, and it lacks the column(s) project."),
        ("Dear team, here are the videos we need.\n", "notes.txt", "it lacks the column(s)"),
        ("project,portrait,voiceover\n", "s.csv", "The CSV has no rows to queue, only its header."),
        ("", "empty.csv", "This file is empty."),
        (HEADER + "Spring campaign,anna.png,intro.mp3,,\n" * 51, "big.csv",
         "This sheet has more than 50 rows; at most 50 videos can be queued at once."),
        ("x" * (512 * 1024 + 1), "huge.csv", "a sheet can be at most 512 KB"),
    ],
)  # fmt: skip
def test_a_sheet_we_cannot_read_is_said_next_to_the_file_field_and_nothing_is_queued(
    page, library, content, name, message, enqueued
):
    response = page(content, name)

    assert message in sheet_error(response)
    assert 'id="sheet-errors"' in response.content.decode()
    assert not Render.objects.exists() and enqueued == []


def test_no_file_is_asked_for(client, alice, project):
    login_as(client, alice)

    response = client.post(f"/projects/{project.code}/import/")

    assert sheet_error(response) == "Choose a CSV file to import."


def test_a_queue_request_without_a_readable_sheet_asks_for_the_upload_again(
    client, alice, project, library
):
    login_as(client, alice)

    response = client.post(f"/projects/{project.code}/import/queue/", {"text": "a\x00b"})

    assert response.status_code == 200
    assert "Upload the sheet again" in response.content.decode()
    assert not Render.objects.exists()


def test_an_archived_project_imports_nothing(client, page, project, library):
    preview = page(HEADER + "Spring campaign,anna.png,intro.mp3,,\n")
    project.archive()

    refused = page(HEADER + "Spring campaign,anna.png,intro.mp3,,\n")
    queued = queue(client, project, preview)

    assert "This project is archived." in refused.content.decode()
    assert "This project is archived." in queued.content.decode()
    assert not Render.objects.exists()


def test_the_page_lists_the_librarys_names_and_codes_and_a_viewer_cannot_import(
    client, alice, bob, team, project, library
):
    login_as(client, bob)
    html = client.get(f"/projects/{project.code}/import/").content.decode()
    assert "anna.png" in html and str(library["anna"].code) in html
    assert "Spring campaign,anna.png,intro.mp3" in html  # the example uses real names

    set_role(bob, team, Role.VIEWER)
    assert client.get(f"/projects/{project.code}/import/").status_code == 403
