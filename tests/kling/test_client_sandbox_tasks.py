"""The client against the Kling sandbox, over real HTTP: what a render needs
from Kling works (create, query, list, download, text to speech)."""

import io
from datetime import datetime
from decimal import Decimal

import pytest

from projects.kling import (
    KlingDownloadTooLargeError,
    KlingInvalidInputError,
    KlingNotFoundError,
    TaskStatus,
)

from .sandboxed import create, wait_until_finished

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


# --- create, query, list, download --------------------------------------------


def test_it_creates_a_task_from_a_portrait_file_and_a_voiceover_file(
    client, kling_sandbox, portrait_png, voiceover_mp3
):
    task = create(
        client,
        portrait_png,
        voiceover_mp3,
        external_task_id="render-1",
        prompt="Smiling, nodding",
        mode="pro",
        watermark=False,
    )

    assert task.status is TaskStatus.SUBMITTED
    assert task.task_id
    assert task.external_task_id == "render-1"
    assert isinstance(task.created_at, datetime) and task.created_at.tzinfo is not None
    [received] = kling_sandbox.creates()
    assert received["outcome"] == "created"
    assert received["task_id"] == task.task_id


def test_it_accepts_portrait_and_voiceover_as_bytes_and_file_objects(
    client, kling_sandbox, portrait_png, voiceover_mp3
):
    with open(voiceover_mp3, "rb") as voiceover:
        task = client.create_task(image=portrait_png.read_bytes(), sound_file=voiceover)
    assert task.status is TaskStatus.SUBMITTED


def test_a_task_is_found_by_task_id_and_by_external_id_and_finishes_with_a_video(
    client, portrait_png, voiceover_mp3
):
    created = create(client, portrait_png, voiceover_mp3, external_task_id="render-2")

    by_external = client.get_task_by_external_id("render-2")
    assert by_external.task_id == created.task_id

    task = wait_until_finished(client, created.task_id)
    assert task.status is TaskStatus.SUCCEED
    assert task.external_task_id == "render-2"
    assert task.video.url.startswith("http")
    assert task.video.duration == pytest.approx(3, abs=0.5)
    assert isinstance(task.final_unit_deduction, Decimal) and task.final_unit_deduction > 0
    assert task.updated_at >= task.created_at
    assert client.get_task_by_external_id("render-2").status is TaskStatus.SUCCEED


def test_a_watermarked_task_reports_both_urls(client, portrait_png, voiceover_mp3):
    created = create(client, portrait_png, voiceover_mp3, watermark=True)
    task = wait_until_finished(client, created.task_id)
    assert task.watermark_enabled is True
    assert task.video.watermark_url and task.video.watermark_url != task.video.url


def test_a_failed_task_is_a_status_with_a_reason_not_an_exception(
    client, kling_sandbox, portrait_png, voiceover_mp3
):
    kling_sandbox.configure(fail_next=1, fail_messages=["Image pixel is invalid"])
    created = create(client, portrait_png, voiceover_mp3)

    task = wait_until_finished(client, created.task_id)
    assert task.failed
    assert task.status_msg == "Image pixel is invalid"
    assert task.user_message == "Kling could not use this photo: Image pixel is invalid."


def test_it_lists_tasks_page_by_page_newest_first(client, portrait_png, voiceover_mp3):
    made = [
        create(client, portrait_png, voiceover_mp3, external_task_id=f"list-{n}").task_id
        for n in range(3)
    ]

    first = client.list_tasks(page_num=1, page_size=2)
    second = client.list_tasks(page_num=2, page_size=2)

    assert [t.task_id for t in first.tasks + second.tasks] == made[::-1]
    assert first.may_have_more and not second.may_have_more
    assert first.request_id
    assert [t.task_id for t in client.iter_tasks(page_size=2)] == made[::-1]


def test_it_downloads_a_result_video_in_chunks(client, portrait_png, voiceover_mp3):
    task = wait_until_finished(client, create(client, portrait_png, voiceover_mp3).task_id)
    target = io.BytesIO()

    written = client.download(task.video.url, target, max_bytes=50 * 1024 * 1024, chunk_size=4096)

    assert written == len(target.getvalue()) > 4096
    assert target.getvalue()[4:8] == b"ftyp"  # an MP4


def test_a_download_over_the_byte_cap_is_refused(client, portrait_png, voiceover_mp3):
    task = wait_until_finished(client, create(client, portrait_png, voiceover_mp3).task_id)

    with pytest.raises(KlingDownloadTooLargeError) as caught:
        client.download(task.video.url, io.BytesIO(), max_bytes=1000)
    assert not caught.value.retryable


def test_a_download_of_an_unknown_result_is_not_found(client, kling_sandbox):
    url = f"{kling_sandbox.base_url}/sandbox-cdn/{'0' * 32}.mp4"
    with pytest.raises(KlingNotFoundError):
        client.download(url, io.BytesIO(), max_bytes=1000)


# --- text to speech -----------------------------------------------------------


def test_text_to_speech_gives_an_audio_id_that_a_task_can_use(client, portrait_png):
    audio = client.text_to_speech(
        "Hello from Avatar Studio, this is a test voiceover for the sandbox.",
        voice_id="oversea_male1",
        voice_language="en",
        voice_speed=1.0,
    )
    assert audio.id and audio.url
    assert audio.duration >= 2

    task = client.create_task(image=portrait_png, audio_id=audio.id)
    assert task.status is TaskStatus.SUBMITTED


def test_text_to_speech_with_a_voice_of_another_language_is_invalid_input(client):
    with pytest.raises(KlingInvalidInputError) as caught:
        client.text_to_speech("Hello there, friends.", voice_id="ai_shatang", voice_language="en")
    assert caught.value.code == 1201
