"""The result video: a real H.264/AAC MP4 as long as the voiceover, served like a CDN."""

import time

import pytest
import requests
from PIL import ImageChops

from . import media


@pytest.fixture(autouse=True)
def quick_tasks(kling_sandbox):
    # These tests are about the file, not the timing: end tasks as soon as rendered.
    kling_sandbox.configure(task_min_seconds=0.2, task_max_seconds=0.2)


@pytest.fixture(scope="module")
def voiceover():
    return media.audio(seconds=3.4, kind="mp3")


def finished_video(api, **fields):
    data, _ = api.wait_for(api.created_id(**fields))
    assert data["task_status"] == "succeed", data
    return data["task_result"]["videos"][0]


def test_the_video_is_h264_and_aac_as_long_as_the_voiceover(api, voiceover):
    video = finished_video(api, sound_file=media.b64(voiceover))
    reply = requests.get(video["url"], timeout=10)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "video/mp4"
    assert int(reply.headers["Content-Length"]) == len(reply.content)
    duration, streams = media.probe(reply.content)
    assert any("Video: h264" in line and "yuv420p" in line for line in streams), streams
    assert any("Audio: aac" in line for line in streams), streams
    audio_seconds = media.decoded_seconds(voiceover)
    assert duration == pytest.approx(audio_seconds, abs=0.2)
    assert media.decoded_seconds(reply.content, "v") == pytest.approx(audio_seconds, abs=0.2)
    assert float(video["duration"]) == pytest.approx(audio_seconds, abs=0.2)


def test_the_video_moves(api, voiceover):
    video = finished_video(api, sound_file=media.b64(voiceover))
    content = requests.get(video["url"], timeout=10).content
    start, later = media.first_frame(content, 0), media.first_frame(content, 1.5)
    assert ImageChops.difference(start, later).getbbox() is not None


def test_the_watermarked_variant_differs_from_the_clean_one(api, voiceover):
    video = finished_video(api, sound_file=media.b64(voiceover), watermark_info={"enabled": True})
    assert video["watermark_url"].endswith("_wm.mp4")
    clean = requests.get(video["url"], timeout=10).content
    marked = requests.get(video["watermark_url"], timeout=10)
    assert marked.status_code == 200 and marked.headers["Content-Type"] == "video/mp4"
    assert marked.content != clean
    difference = ImageChops.difference(media.first_frame(clean), media.first_frame(marked.content))
    assert difference.getbbox() is not None
    assert media.probe(marked.content)[0] == pytest.approx(media.probe(clean)[0], abs=0.1)


def test_without_watermark_there_is_no_watermarked_file(api, voiceover):
    video = finished_video(api, sound_file=media.b64(voiceover))
    assert video["watermark_url"] == ""
    assert requests.get(video["url"].replace(".mp4", "_wm.mp4"), timeout=10).status_code == 404


def test_videos_need_no_auth_and_stream_by_byte_range(api, voiceover):
    video = finished_video(api, sound_file=media.b64(voiceover))
    whole = requests.get(video["url"], timeout=10).content
    part = requests.get(video["url"], headers={"Range": "bytes=100-199"}, timeout=10)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert part.content == whole[100:200]
    head = requests.head(video["url"], timeout=10)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) == len(whole)


def test_videos_expire_after_the_retention_time(api, kling_sandbox, voiceover):
    video = finished_video(api, sound_file=media.b64(voiceover))
    assert requests.get(video["url"], timeout=10).status_code == 200
    kling_sandbox.configure(retention_seconds=0.2)
    time.sleep(0.3)
    assert requests.get(video["url"], timeout=10).status_code == 404


def test_an_unknown_video_is_404(kling_sandbox):
    url = kling_sandbox.base_url + "/sandbox-cdn/" + "0" * 32 + ".mp4"
    assert requests.get(url, timeout=10).status_code == 404


def test_identical_tasks_render_once(api, kling_sandbox):
    sound = media.b64(media.audio(seconds=2.5, frequency=523))
    before = kling_sandbox.health()["renders_encoded"]
    ids = [api.created_id(sound_file=sound) for _ in range(6)]
    results = [api.wait_for(task_id)[0] for task_id in ids]
    assert {r["task_status"] for r in results} == {"succeed"}
    assert len({r["task_result"]["videos"][0]["id"] for r in results}) == 6
    assert kling_sandbox.health()["renders_encoded"] - before == 1


def test_a_task_does_not_succeed_before_its_video_exists(api, kling_sandbox):
    # Tasks end at once here, so only the render can hold them back.
    kling_sandbox.configure(task_min_seconds=0, task_max_seconds=0)
    sound = media.b64(media.audio(seconds=4, frequency=587))
    data, _ = api.wait_for(api.created_id(sound_file=sound))
    assert requests.get(data["task_result"]["videos"][0]["url"], timeout=10).status_code == 200
