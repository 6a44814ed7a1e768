"""Text to speech: a real spoken file whose id works as ``audio_id``."""

import pytest
import requests

from . import media
from .api import assert_error


def test_tts_returns_a_playable_audio_with_its_duration(api):
    reply = api.tts()
    assert reply.status_code == 200, reply.text
    audio = reply.json()["data"]["task_result"]["audios"][0]
    assert set(audio) == {"id", "url", "duration"}
    assert isinstance(audio["duration"], str)
    file = requests.get(audio["url"], timeout=10)
    assert file.status_code == 200 and file.headers["Content-Type"] == "audio/mpeg"
    assert media.decoded_seconds(file.content) == pytest.approx(float(audio["duration"]), abs=0.2)


def test_a_tts_audio_id_can_drive_a_task(api, kling_sandbox):
    kling_sandbox.configure(task_min_seconds=0.2, task_max_seconds=0.2)
    audio = api.tts().json()["data"]["task_result"]["audios"][0]
    data, _ = api.wait_for(api.created_id(sound_file=None, audio_id=audio["id"]))
    assert data["task_status"] == "succeed"
    seconds = float(data["task_result"]["videos"][0]["duration"])
    assert seconds == pytest.approx(float(audio["duration"]), abs=0.2)


def test_tts_works_without_espeak_using_tones(api, kling_sandbox):
    kling_sandbox.configure(tts_engine="tones")
    short = api.tts(text="Hi there.").json()["data"]["task_result"]["audios"][0]
    longer = api.tts(text="Hi there. " * 10).json()["data"]["task_result"]["audios"][0]
    assert float(longer["duration"]) > 3 * float(short["duration"])
    assert requests.get(longer["url"], timeout=10).status_code == 200


def test_a_faster_voice_speed_gives_shorter_audio(api, kling_sandbox):
    kling_sandbox.configure(tts_engine="tones")
    slow = api.tts(voice_speed=0.8).json()["data"]["task_result"]["audios"][0]["duration"]
    fast = api.tts(voice_speed=2.0).json()["data"]["task_result"]["audios"][0]["duration"]
    assert float(fast) < float(slow)


def test_an_audio_id_under_2_seconds_is_refused_at_create(api, kling_sandbox):
    kling_sandbox.configure(tts_engine="tones")
    audio = api.tts(text="Hi.").json()["data"]["task_result"]["audios"][0]
    assert float(audio["duration"]) < 2
    reply = api.create(sound_file=None, audio_id=audio["id"])
    assert_error(reply, 400, 1201, "between 2 and 300")


@pytest.mark.parametrize(
    ("voice_id", "language"),
    [("oversea_male1", "zh"), ("ai_shatang", "en"), ("no_such_voice", "en")],
)
def test_a_voice_that_does_not_match_its_language_is_not_found(api, voice_id, language):
    assert_error(
        api.tts(voice_id=voice_id, voice_language=language), 400, 1201, "Voice id not found"
    )


@pytest.mark.parametrize("voice_id", ["oversea_male1", "uk_man2", "commercial_lady_en_f-v1"])
def test_the_documented_english_voices_exist(api, kling_sandbox, voice_id):
    kling_sandbox.configure(tts_engine="tones")
    assert api.tts(voice_id=voice_id, text="One two three four five.").status_code == 200


def test_a_chinese_voice_speaks_chinese(api):
    reply = api.tts(voice_id="ai_shatang", voice_language="zh", text="你好，欢迎使用沙盒。")
    assert reply.status_code == 200, reply.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "x" * 1001}, "1000"),
        ({"text": ""}, "text"),
        ({"voice_speed": 0.7}, "speed"),
        ({"voice_speed": 2.1}, "speed"),
        ({"voice_language": "fr"}, "voice_language"),
    ],
)
def test_tts_checks_its_parameters(api, fields, message):
    assert_error(api.tts(**fields), 400, 1201, message)


def test_tts_audio_expires_with_the_retention_time(api, kling_sandbox):
    kling_sandbox.configure(tts_engine="tones", retention_seconds=0)
    audio = api.tts().json()["data"]["task_result"]["audios"][0]
    assert requests.get(audio["url"], timeout=10).status_code == 404
    assert_error(api.create(sound_file=None, audio_id=audio["id"]), 400, 1201, "audio_id")
