"""`manage.py enqueue_renders` queues renders from files, or from a CSV, for an operator."""

import json

import pytest

from projects.models import Asset, AssetKind, Project, Render, RenderBatch, RenderStatus
from projects.teams.roles import Role
from tests.commands.conftest import Run, media_files
from tests.conftest import set_role


@pytest.fixture
def run(enqueued, django_capture_on_commit_callbacks):
    """Call enqueue_renders as a shell would: its transactions commit, and
    what it hands to the worker is recorded in ``enqueued``. The operator
    records the portraits' consent (``--consent``) unless ``consent=None``."""

    def call(*args, consent="Ada Example", **options):
        if consent is not None:
            args = (*args, "--consent", consent)
        with django_capture_on_commit_callbacks(execute=True):
            return Run("enqueue_renders", *args, **options)

    return call


def test_it_queues_a_render_from_a_portrait_and_a_voiceover_and_prints_its_code(
    run, project, files, enqueued
):
    result = run(
        "--project",
        project.code,
        "--portrait",
        files.portrait(),
        "--voiceover",
        files.voiceover(),
        "--prompt",
        "smiles, nods",
        "--mode",
        "pro",
    )

    assert result.error is None
    render = Render.objects.get()
    assert result.lines == [str(render.code)]
    assert (render.project, render.status, render.prompt, render.mode, render.watermark) == (
        project,
        RenderStatus.QUEUED,
        "smiles, nods",
        "pro",
        False,
    )
    assert (render.portrait.label, render.portrait.kind) == ("face.png", AssetKind.PORTRAIT)
    assert (render.voiceover.label, render.voiceover.duration) == ("voice.mp3", 3.0)
    assert render.portrait.project == project and render.portrait.team == project.team
    assert render.portrait.file.open("rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert enqueued == [("projects.tasks.submit_render", (render.pk,))]


def test_it_finds_the_project_by_its_exact_name(run, project, files):
    result = run(
        "--project",
        "Spring campaign",
        "--portrait",
        files.portrait(),
        "--voiceover",
        files.voiceover(),
    )

    assert result.error is None
    assert Render.objects.get().project == project


def test_every_portrait_and_voiceover_pair_makes_one_render_in_one_batch(run, project, files):
    result = run(
        "--project",
        project.code,
        "--watermark",
        "--portrait",
        files.portrait("a.png", colour=(200, 50, 50)),
        "--portrait",
        files.portrait("b.png", colour=(50, 200, 50)),
        "--voiceover",
        files.voiceover("one.mp3", frequency=330),
        "--voiceover",
        files.voiceover("two.mp3", frequency=550),
    )

    assert result.error is None
    renders = Render.objects.all()
    assert sorted(result.lines) == sorted(str(r.code) for r in renders)
    pairs = {(r.portrait.label, r.voiceover.label) for r in renders}
    assert pairs == {
        ("a.png", "one.mp3"),
        ("a.png", "two.mp3"),
        ("b.png", "one.mp3"),
        ("b.png", "two.mp3"),
    }
    assert RenderBatch.objects.get().renders.count() == 4
    assert all(r.watermark for r in renders)


def test_a_file_uploaded_before_is_reused_not_stored_twice(run, project, files, settings):
    portrait, voiceover = files.portrait(), files.voiceover()

    run("--project", project.code, "--portrait", portrait, "--voiceover", voiceover)
    result = run("--project", project.code, "--portrait", portrait, "--voiceover", voiceover)

    assert result.error is None
    assert Render.objects.count() == 2
    assert Asset.objects.count() == len(media_files(settings)) == 2
    first, second = Render.objects.order_by("pk")
    assert (first.portrait, first.voiceover) == (second.portrait, second.voiceover)


def test_it_prints_one_json_object_per_render_with_json(run, project, files):
    result = run(
        "--json",
        "--project",
        project.code,
        "--portrait",
        files.portrait(),
        "--voiceover",
        files.voiceover(),
    )

    render = Render.objects.get()
    (line,) = result.lines
    assert json.loads(line) == {
        "id": str(render.code),
        "project": {"code": str(project.code), "name": "Spring campaign"},
        "portrait": {"code": str(render.portrait.code), "label": "face.png"},
        "voiceover": {"code": str(render.voiceover.code), "label": "voice.mp3"},
        "batch": None,
        "status": "queued",
        "mode": "std",
        "watermark": False,
    }


def test_a_refused_file_prints_the_plain_refusal_keeps_nothing_and_exits_1(
    run, project, files, settings, enqueued
):
    result = run(
        "--project",
        project.code,
        "--portrait",
        files.portrait("good.png"),
        "--portrait",
        files.portrait("tiny.png", width=200, height=240),
        "--voiceover",
        files.voiceover(),
    )

    assert result.error.returncode == 1
    assert str(result.error) == "Nothing was queued."
    assert result.lines == []
    (refusal,) = result.errors
    assert refusal.startswith(f"{files.folder / 'tiny.png'}: This photo is 200 × 240 pixels;")
    assert "Traceback" not in refusal
    # The good portrait and the voiceover were checked and stored, then dropped
    # with the row: no asset, no file, nothing for the worker.
    assert (Render.objects.count(), Asset.objects.count(), RenderBatch.objects.count()) == (0, 0, 0)
    assert media_files(settings) == []
    assert enqueued == []


def test_a_voiceover_given_as_a_portrait_is_refused(run, project, files):
    result = run(
        "--project",
        project.code,
        "--portrait",
        files.voiceover("voice.mp3"),
        "--voiceover",
        files.voiceover("other.mp3", frequency=660),
    )

    assert result.errors == ["“voice.mp3” is not a portrait photo."]
    assert result.error.returncode == 1
    assert not Asset.objects.exists()


def test_a_missing_file_is_named_and_nothing_is_uploaded(run, project, files):
    result = run(
        "--project",
        project.code,
        "--portrait",
        files.portrait(),
        "--voiceover",
        files.folder / "nowhere.mp3",
    )

    assert result.errors == [f"There is no voiceover file at {files.folder / 'nowhere.mp3'}."]
    assert result.error.returncode == 1
    assert not Asset.objects.exists()


def test_an_unknown_or_archived_project_is_refused(run, project, files):
    args = ["--portrait", files.portrait(), "--voiceover", files.voiceover()]

    unknown = run("--project", "Autumn campaign", *args)
    project.archive()
    archived = run("--project", project.code, *args)

    assert unknown.errors == ["No project has the code or name “Autumn campaign”."]
    assert archived.errors == ["“Spring campaign” is archived. Restore it to make new videos."]
    assert not Asset.objects.exists() and not Render.objects.exists()


def test_two_projects_with_the_same_name_need_the_code(run, project, charlie, files):
    other = Project.objects.create(team=charlie.memberships.get().team, name="Spring campaign")

    result = run(
        "--project",
        "Spring campaign",
        "--portrait",
        files.portrait(),
        "--voiceover",
        files.voiceover(),
    )

    (refusal,) = result.errors
    assert refusal.startswith("Several projects are called “Spring campaign”; give its code")
    assert str(project.code) in refusal and str(other.code) in refusal
    assert not Render.objects.exists()


def test_with_user_that_person_uploads_and_makes_the_renders(run, project, bob, files):
    result = run(
        "--user",
        "BOB@example.org",
        "--project",
        "Spring campaign",
        "--portrait",
        files.portrait(),
        "--voiceover",
        files.voiceover(),
    )

    assert result.error is None
    render = Render.objects.get()
    assert render.created_by == bob
    assert render.portrait.uploaded_by == bob and render.voiceover.uploaded_by == bob


def test_with_user_a_viewer_or_an_outsider_cannot_queue(run, project, team, bob, charlie, files):
    args = [
        "--project",
        project.code,
        "--portrait",
        files.portrait(),
        "--voiceover",
        files.voiceover(),
    ]
    set_role(bob, team, Role.VIEWER)

    viewer = run("--user", "bob@example.org", *args)
    outsider = run("--user", "charlie@example.org", *args)
    nobody = run("--user", "nobody@example.org", *args)

    assert viewer.errors == [
        "bob@example.org is a viewer in Alice's team, which does not allow making videos."
    ]
    assert outsider.errors == [
        f"No project has the code or name “{project.code}” in charlie@example.org's teams."
    ]
    assert str(nobody.error) == "No one has the e-mail address nobody@example.org."
    assert not Asset.objects.exists() and not Render.objects.exists()


def test_it_needs_a_project_portrait_and_voiceover_or_a_csv(run, project, files):
    result = run("--project", project.code, "--portrait", files.portrait())
    both = run("--csv", files.write("renders.csv", "project\n"), "--project", project.code)

    assert str(result.error).startswith("Missing --voiceover.")
    assert str(both.error).startswith("Give either --csv, or --project")
    assert not Asset.objects.exists()


# --- From a CSV -------------------------------------------------------------------------


def test_a_csv_queues_one_render_per_row_with_paths_relative_to_its_folder(
    run, project, files, enqueued
):
    files.portrait("faces/anna.png")
    files.voiceover("intro.mp3")
    files.voiceover("offer.mp3", frequency=660)
    sheet = files.write(
        "renders.csv",
        "project,portrait,voiceover,prompt,mode\n"
        'Spring campaign,faces/anna.png,intro.mp3,"smiles, waves",pro\n'
        f"{project.code},faces/anna.png,offer.mp3,,\n",
    )

    result = run("--csv", sheet)

    assert result.error is None
    first, second = Render.objects.order_by("pk")
    assert result.lines == [str(first.code), str(second.code)]
    assert (first.voiceover.label, first.prompt, first.mode) == (
        "intro.mp3",
        "smiles, waves",
        "pro",
    )
    assert (second.voiceover.label, second.prompt, second.mode) == ("offer.mp3", "", "std")
    assert first.portrait == second.portrait and first.batch is None
    assert enqueued == [
        ("projects.tasks.submit_render", (first.pk,)),
        ("projects.tasks.submit_render", (second.pk,)),
    ]


def test_a_refused_csv_row_is_skipped_and_the_others_are_queued(run, project, files, settings):
    files.portrait("face.png")
    files.portrait("blurry-thumb.png", width=120, height=120)
    files.voiceover("intro.mp3")
    sheet = files.write(
        "renders.csv",
        "Project,Portrait,Voiceover,Mode\n"
        "Spring campaign,face.png,intro.mp3,std\n"
        "Spring campaign,blurry-thumb.png,intro.mp3,std\n"
        "Spring campaign,face.png,intro.mp3,ultra\n"
        ",face.png,,\n"
        ",,,\n"
        "Spring campaign,face.png,intro.mp3,pro\n",
    )

    result = run("--csv", sheet)

    assert result.error.returncode == 1
    assert (
        str(result.error)
        == "3 of 5 rows were refused and skipped; 2 render(s) queued from the others."
    )
    assert result.lines == [str(r.code) for r in Render.objects.order_by("pk")]
    assert [r.mode for r in Render.objects.order_by("pk")] == ["std", "pro"]
    assert result.errors[0].startswith(
        f"Line 3: {files.folder / 'blurry-thumb.png'}: This photo is 120 × 120 pixels;"
    )
    assert result.errors[1:] == [
        "Line 4: The mode is “ultra”; use std or pro.",
        "Line 5: The project is missing; the voiceover is missing.",
    ]
    # The refused portrait left nothing behind: two assets, two stored files.
    assert Asset.objects.count() == 2
    assert len(media_files(settings)) == 2


def test_a_csv_with_a_wrong_header_is_refused_whole(run, project, files):
    files.portrait()
    files.voiceover()
    typo = files.write(
        "typo.csv", "project,portrait,voiceover,promt\nSpring campaign,face.png,voice.mp3,hi\n"
    )
    no_header = files.write("bare.csv", "Spring campaign,face.png,voice.mp3\n")

    typo_run, bare_run = run("--csv", typo), run("--csv", no_header)

    assert str(typo_run.error) == (
        "The CSV's first row must name its columns, and it has column(s) we do not know: promt. "
        "Use project, portrait, voiceover, and optionally prompt, mode, watermark."
    )
    assert "it lacks the column(s) project, portrait, voiceover" in str(bare_run.error)
    assert not Render.objects.exists() and not Asset.objects.exists()


def test_a_missing_or_empty_csv_file_is_an_error(run, files, db):
    missing = run("--csv", files.folder / "nope.csv")
    empty = run("--csv", files.write("empty.csv", "project,portrait,voiceover\n,,\n"))

    assert str(missing.error) == f"There is no CSV file at {files.folder / 'nope.csv'}."
    assert str(empty.error) == "The CSV has no rows to queue, only its header."
