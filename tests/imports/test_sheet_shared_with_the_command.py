"""The sheet is read once, in projects.imports.sheet: the import page and
``manage.py enqueue_renders --csv`` take the same columns and refuse the
same things in the same words."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from projects.imports import sheet
from projects.management.commands import enqueue_renders
from tests.commands.conftest import Run
from tests.conftest import login_as


def test_the_command_reads_its_csv_with_the_shared_reader(monkeypatch, tmp_path, db):
    calls = []

    def spy(text, **options):
        calls.append(text)
        raise sheet.SheetRefused("refused by the shared reader")

    monkeypatch.setattr(enqueue_renders, "read_sheet", spy)
    path = tmp_path / "renders.csv"
    path.write_text("project,portrait,voiceover\nx,y,z\n", encoding="utf-8")

    with pytest.raises(CommandError, match="refused by the shared reader"):
        call_command("enqueue_renders", "--csv", str(path))
    assert calls == ["project,portrait,voiceover\nx,y,z\n"]


def test_a_wrong_header_reads_the_same_on_the_page_and_in_the_command(
    client, alice, project, tmp_path
):
    text = "project,portrait,voiceover,promt\nSpring campaign,a.png,b.mp3,hi\n"
    path = tmp_path / "typo.csv"
    path.write_text(text, encoding="utf-8")
    login_as(client, alice)

    command = Run("enqueue_renders", "--csv", path)
    page = client.post(
        f"/projects/{project.code}/import/",
        {"sheet": SimpleUploadedFile("typo.csv", text.encode(), "text/csv")},
    )

    assert page.context["form"].errors["sheet"] == [str(command.error)]
    assert str(command.error).startswith("The CSV's first row must name its columns")


def test_a_rows_problems_keep_the_case_of_what_it_quotes(tmp_path, project):
    path = tmp_path / "renders.csv"
    path.write_text(
        "project,portrait,voiceover,mode,watermark\nSpring campaign,A.png,B.mp3,ULTRA,Maybe\n",
        encoding="utf-8",
    )

    command = Run("enqueue_renders", "--csv", path)

    assert command.errors == [
        "Line 2: The mode is “ULTRA”; use std or pro; the watermark is “Maybe”; use yes or no."
    ]


def test_the_reader_takes_columns_in_any_order_and_case_and_skips_empty_rows():
    rows = sheet.read_sheet(
        "Voiceover, PORTRAIT ,Project,Watermark,Prompt\n"
        "intro.mp3,anna.png,Spring,Yes,  smiles  \n"
        ",,,,\n"
        "offer.mp3,anna.png,Spring,,\n"
    )

    assert [(r.line, r.portrait, r.voiceover, r.project, r.watermark, r.prompt) for r in rows] == [
        (2, "anna.png", "intro.mp3", "Spring", True, "smiles"),
        (4, "anna.png", "offer.mp3", "Spring", False, ""),
    ]
    assert all(r.mode == "std" and r.problems == [] for r in rows)


def test_a_direction_over_kling_s_limit_is_a_rows_problem():
    (row,) = sheet.read_sheet(f"project,portrait,voiceover,prompt\np,a,b,{'x' * 2501}\n")

    assert row.problems == ["the prompt is 2501 characters; at most 2500"]


def test_more_rows_than_allowed_refuse_the_whole_sheet():
    text = "project,portrait,voiceover\n" + "p,a,b\n" * 3

    assert len(sheet.read_sheet(text, max_rows=3)) == 3
    with pytest.raises(sheet.SheetRefused, match="more than 2 rows"):
        sheet.read_sheet(text, max_rows=2)


def test_a_value_too_large_for_any_csv_is_a_refusal_not_a_crash():
    with pytest.raises(sheet.SheetRefused, match="not a CSV we can read"):
        sheet.read_sheet('project,portrait,voiceover\np,"' + "a" * 200_000 + '",b\n')
