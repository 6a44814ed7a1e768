from datetime import UTC, datetime
from decimal import Decimal

import pytest

from projects.kling import TaskStatus
from projects.kling.types import ReplyShapeError, parse_task, parse_task_list, parse_tts

FULL_TASK = {
    "task_id": "860000000000000001",
    "task_status": "succeed",
    "task_status_msg": "",
    "task_info": {"external_task_id": "render-42"},
    "task_result": {
        "videos": [
            {
                "id": "video-1",
                "url": "https://cdn.example/v.mp4",
                "watermark_url": "https://cdn.example/v-wm.mp4",
                "duration": "5.2",
            }
        ]
    },
    "watermark_info": {"enabled": True},
    "final_unit_deduction": "2.08",
    "created_at": 1722769557708,
    "updated_at": 1722769600000,
}


def test_a_finished_task_is_read_into_typed_fields():
    task = parse_task(FULL_TASK)

    assert task.task_id == "860000000000000001"
    assert task.status is TaskStatus.SUCCEED and task.succeeded and task.is_finished
    assert task.external_task_id == "render-42"
    assert task.video.url == "https://cdn.example/v.mp4"
    assert task.video.watermark_url == "https://cdn.example/v-wm.mp4"
    assert task.video.duration == 5.2
    assert task.watermark_enabled is True
    assert task.final_unit_deduction == Decimal("2.08")
    assert task.created_at == datetime(2024, 8, 4, 11, 5, 57, 708000, tzinfo=UTC)
    assert task.updated_at.tzinfo is not None
    assert task.raw is FULL_TASK


def test_a_just_created_task_without_optional_fields_is_fine():
    task = parse_task({"task_id": "t1", "task_status": "submitted"})

    assert task.status is TaskStatus.SUBMITTED and not task.is_finished
    assert task.videos == [] and task.video is None
    assert task.external_task_id is None
    assert task.final_unit_deduction is None
    assert task.watermark_enabled is None
    assert task.created_at is None


def test_numbers_sent_as_numbers_instead_of_strings_are_accepted():
    data = dict(FULL_TASK, final_unit_deduction=2.08)
    data["task_result"] = {"videos": [{"id": "v", "url": "https://x/v.mp4", "duration": 5}]}
    task = parse_task(data)
    assert task.final_unit_deduction == Decimal("2.08")
    assert task.video.duration == 5.0


def test_a_failed_task_carries_a_plain_language_reason():
    task = parse_task(
        {"task_id": "t1", "task_status": "failed", "task_status_msg": "Image pixel is invalid"}
    )
    assert task.failed
    assert task.user_message == "Kling could not use this photo: Image pixel is invalid."


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "task",
        {"task_status": "submitted"},
        {"task_id": "t1"},
        {"task_id": "t1", "task_status": "queued"},
        {"task_id": "t1", "task_status": "submitted", "task_info": "x"},
        {"task_id": "t1", "task_status": "succeed", "task_result": {"videos": {}}},
        {"task_id": "t1", "task_status": "succeed", "task_result": {"videos": [{"id": "v"}]}},
        {"task_id": "t1", "task_status": "submitted", "created_at": "yesterday"},
        {"task_id": "t1", "task_status": "submitted", "final_unit_deduction": "lots"},
        {"task_id": "t1", "task_status": "submitted", "watermark_info": {"enabled": "yes"}},
        {"task_id": {"id": 1}, "task_status": "submitted"},
    ],
)
def test_a_structurally_wrong_task_is_a_shape_error(data):
    with pytest.raises(ReplyShapeError):
        parse_task(data)


def test_a_list_reply_must_be_a_list_of_tasks():
    assert [t.task_id for t in parse_task_list([FULL_TASK, FULL_TASK])] == [
        "860000000000000001",
        "860000000000000001",
    ]
    with pytest.raises(ReplyShapeError):
        parse_task_list({"tasks": []})
    with pytest.raises(ReplyShapeError):
        parse_task_list([FULL_TASK, "x"])


def test_a_tts_reply_gives_the_audio_id_url_and_duration():
    audio = parse_tts(
        {"task_result": {"audios": [{"id": "a1", "url": "https://x/a.mp3", "duration": "3.4"}]}}
    )
    assert (audio.id, audio.url, audio.duration) == ("a1", "https://x/a.mp3", 3.4)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"task_result": {}},
        {"task_result": {"audios": []}},
        {"task_result": {"audios": [{"url": "x"}]}},
    ],
)
def test_a_tts_reply_without_an_audio_id_is_a_shape_error(data):
    with pytest.raises(ReplyShapeError):
        parse_tts(data)
