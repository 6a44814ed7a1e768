"""`manage.py list_renders` shows an operator where every render is, at Kling and here."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from projects.models import Project, Render, RenderStatus
from projects.renders.services import render_create
from tests.commands.conftest import Run
from tests.factories import portrait_asset, voiceover_asset
from tests.renders.conftest import follow

CREATED = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
FINISHED = datetime(2025, 3, 4, 9, 33, 12, tzinfo=UTC)


@pytest.fixture
def make(project, alice, enqueued):
    portrait, voiceover = portrait_asset(project.team), voiceover_asset(project.team)

    def make(target=project, **fields):
        render = render_create(
            project=target, created_by=alice, portrait=portrait, voiceover=voiceover
        )
        Render.objects.filter(pk=render.pk).update(**fields)
        render.refresh_from_db()
        return render

    return make


def listed(*args):
    result = Run("list_renders", *args)
    assert result.error is None, result.error
    return result


def as_json(*args):
    return [json.loads(line) for line in listed("--json", *args).lines]


def test_it_prints_one_json_object_per_render_with_its_state_at_kling_and_here(make, project):
    done = make(
        status=RenderStatus.DONE,
        task_id="kt-1",
        units=Decimal("1.200"),
        duration=3.04,
        created=CREATED,
        submitted_at=CREATED,
        finished_at=FINISHED,
    )
    done.video.save("video.mp4", ContentFile(b"\0\0\0\x18ftypmp42"))
    failed = make(
        status=RenderStatus.FAILED,
        task_id="kt-2",
        created=FINISHED,
        failure_reason="Kling's safety check refused this portrait.",
    )

    newest, oldest = as_json()

    assert oldest == {
        "id": str(done.code),
        "project": {"code": str(project.code), "name": "Spring campaign"},
        "status": "done",
        "task_id": "kt-1",
        "external_task_id": f"avs-{done.code.hex}",
        "archived": True,
        "failure_reason": None,
        "created": "2025-03-04T09:30:00+00:00",
        "submitted": "2025-03-04T09:30:00+00:00",
        "finished": "2025-03-04T09:33:12+00:00",
        "units": 1.2,
        "duration": 3.04,
        "mode": "std",
        "version": 1,
        "attention": None,
        "archive_error": None,
    }
    assert (newest["id"], newest["status"], newest["archived"]) == (
        str(failed.code),
        "failed",
        False,
    )
    assert newest["failure_reason"] == "Kling's safety check refused this portrait."
    assert (newest["finished"], newest["units"], newest["duration"]) == (None, None, None)


def test_it_filters_by_project_code_or_name_and_by_status(make, project, team):
    autumn = Project.objects.create(team=team, name="Autumn campaign")
    queued = make()
    failed = make(status=RenderStatus.FAILED)
    elsewhere = make(autumn)

    def ids(*args):
        return {item["id"] for item in as_json(*args)}

    assert ids() == {str(queued.code), str(failed.code), str(elsewhere.code)}
    assert ids("--project", "Spring campaign") == {str(queued.code), str(failed.code)}
    assert ids("--project", str(autumn.code)) == {str(elsewhere.code)}
    assert ids("--status", "failed") == {str(failed.code)}
    assert ids("--status", "failed", "--status", "queued", "--project", "Autumn campaign") == {
        str(elsewhere.code)
    }


def test_an_unknown_project_is_an_error_not_an_empty_list(db):
    result = Run("list_renders", "--project", "Nowhere")

    assert str(result.error) == "No project has the code or name “Nowhere”."


def test_without_json_it_prints_a_readable_table(make, team):
    long_name = Project.objects.create(
        team=team, name="A very long campaign name that goes on and on"
    )
    done = make(
        status=RenderStatus.DONE,
        task_id="kt-1",
        units=Decimal("1.2"),
        duration=3.04,
        created=CREATED,
        finished_at=FINISHED,
    )
    done.video.save("video.mp4", ContentFile(b"video"))
    failed = make(
        long_name,
        status=RenderStatus.FAILED,
        created=FINISHED,
        failure_reason="Kling did not accept this render.\nYou can retry it.",
    )

    header, first, second = listed().lines

    assert header.split() == [
        "ID",
        "PROJECT",
        "STATUS",
        "ARCHIVED",
        "CREATED",
        "FINISHED",
        "UNITS",
        "SECONDS",
        "KLING",
        "TASK",
        "WHY",
        "IT",
        "FAILED",
    ]
    assert first.startswith(f"{failed.code}  A very long campaign na…  failed ")
    assert first.endswith("Kling did not accept this render. You can retry it.")
    assert second.split() == [
        str(done.code),
        "Spring",
        "campaign",
        "done",
        "yes",
        "2025-03-04",
        "09:30",
        "2025-03-04",
        "09:33",
        "1.2",
        "3.0",
        "kt-1",
    ]
    # Columns line up: each starts at the same place on every line.
    assert header.index("STATUS") == first.index("failed") == second.index("done")


def test_with_nothing_to_show_it_says_so(db):
    assert listed().lines == ["No renders match."]
    assert listed("--json").lines == []


def test_it_reads_the_renders_in_one_query_however_many_there_are(make, django_assert_num_queries):
    for _ in range(5):
        make()

    with django_assert_num_queries(1):
        assert len(as_json("--status", "queued")) == 5


def test_a_render_queued_from_files_is_listed_archived_once_the_worker_is_done(
    studio_sandbox, project, tmp_path, enqueued, django_capture_on_commit_callbacks
):
    from tests.factories import mp3_path, png_bytes

    face = tmp_path / "face.png"
    face.write_bytes(png_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        queued = Run(
            "enqueue_renders",
            "--project",
            project.code,
            "--portrait",
            face,
            "--voiceover",
            mp3_path(2.0),
            "--consent",
            "Ada Example",
        )
    (code,) = queued.lines

    follow(Render.objects.get(code=code))
    (item,) = as_json("--status", "done")

    (task,) = studio_sandbox.tasks()
    assert item["id"] == code
    assert (item["archived"], item["failure_reason"]) == (True, None)
    assert item["task_id"] == task["task_id"]
    assert item["external_task_id"] == task["task_info"]["external_task_id"]
    assert abs(item["duration"] - 2.0) < 0.3
    assert item["units"] == pytest.approx(float(task["final_unit_deduction"]))
