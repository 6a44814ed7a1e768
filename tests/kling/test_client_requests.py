"""What the client sends, and the token it signs requests with, read back from a
canned-reply server over real HTTP."""

import base64
import time

import jwt
import pytest

from projects.kling import (
    KlingConfigurationError,
    KlingInvalidInputError,
    KlingMalformedReplyError,
)

from .canned import (
    ACCESS_KEY,
    API_KEY,
    IMAGE_URL,
    SECRET_KEY,
    SOUND_URL,
    Reply,
    failure,
    make_client,
    ok,
    task_object,
)


class Ticking:
    """A clock that moves on by ``step`` seconds each time it is read."""

    def __init__(self, start, step):
        self.now, self.step = start, step

    def __call__(self):
        self.now += self.step
        return self.now


def bearer(received):
    scheme, _, token = received.headers["Authorization"].partition(" ")
    assert scheme == "Bearer"
    return token


# --- what goes on the wire ------------------------------------------------------


def test_create_sends_media_as_raw_base64_and_the_documented_fields(
    canned, canned_client, portrait_png, voiceover_mp3
):
    canned.queue(Reply(200, ok(task_object(external_task_id="render-7"))))

    canned_client.create_task(
        image=portrait_png,
        sound_file=voiceover_mp3.read_bytes(),
        prompt="Nodding",
        mode="pro",
        watermark=True,
        callback_url="https://studio.example/hook/s3cret",
        external_task_id="render-7",
    )

    [received] = canned.received
    assert (received.method, received.path) == ("POST", "/v1/videos/avatar/image2video")
    assert received.headers["Content-Type"] == "application/json"
    body = received.json()
    assert not body["image"].startswith("data:")
    assert base64.b64decode(body["image"], validate=True) == portrait_png.read_bytes()
    assert base64.b64decode(body["sound_file"], validate=True) == voiceover_mp3.read_bytes()
    assert body["watermark_info"] == {"enabled": True}
    assert {k: body[k] for k in ("prompt", "mode", "callback_url", "external_task_id")} == {
        "prompt": "Nodding",
        "mode": "pro",
        "callback_url": "https://studio.example/hook/s3cret",
        "external_task_id": "render-7",
    }
    assert "audio_id" not in body


def test_create_passes_urls_through_and_leaves_out_unset_options(canned, canned_client):
    canned.queue(Reply(200, ok(task_object())))

    canned_client.create_task(image=IMAGE_URL, audio_id="audio-1")

    assert canned.received[0].json() == {"image": IMAGE_URL, "mode": "std", "audio_id": "audio-1"}


def test_the_bearer_token_is_the_documented_jwt(canned, canned_client):
    canned.queue(Reply(200, ok([])))
    before = int(time.time())

    canned_client.list_tasks()

    token = bearer(canned.received[0])
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"])
    assert set(claims) == {"iss", "exp", "nbf"}
    assert claims["iss"] == ACCESS_KEY
    assert before + 1800 <= claims["exp"] <= int(time.time()) + 1800
    assert claims["nbf"] == claims["exp"] - 1805


def test_the_api_key_mode_sends_the_key_itself(canned):
    client = make_client(canned.base_url, api_key=API_KEY)
    canned.queue(Reply(200, ok([])))
    client.list_tasks()
    assert bearer(canned.received[0]) == API_KEY


def test_query_by_external_id_keeps_the_id_in_one_path_segment(canned, canned_client):
    canned.queue(Reply(200, ok(task_object(external_task_id="team/1?x"))))

    task = canned_client.get_task_by_external_id("team/1?x")

    assert canned.received[0].path == "/v1/videos/avatar/image2video/team%2F1%3Fx"
    assert task.external_task_id == "team/1?x"


def test_a_query_answered_with_another_task_is_malformed(canned, canned_client):
    canned.queue(
        Reply(200, ok(task_object("other"))),
        Reply(200, ok(task_object("t1", external_task_id="someone-else"))),
    )
    with pytest.raises(KlingMalformedReplyError):
        canned_client.get_task("t1")
    with pytest.raises(KlingMalformedReplyError):
        canned_client.get_task_by_external_id("mine")


def test_list_sends_the_page_parameters(canned, canned_client):
    canned.queue(Reply(200, ok([task_object("a"), task_object("b")])))

    page = canned_client.list_tasks(page_num=3, page_size=2)

    assert canned.received[0].path == "/v1/videos/avatar/image2video?pageNum=3&pageSize=2"
    assert [t.task_id for t in page.tasks] == ["a", "b"] and page.may_have_more


@pytest.mark.parametrize(
    "page",
    [
        {"page_num": 0},
        {"page_num": 1001},
        {"page_size": 0},
        {"page_size": 501},
        {"page_num": 1.5},
        {"page_size": True},
    ],
)
def test_list_page_bounds_are_checked_before_sending(canned, canned_client, page):
    with pytest.raises(KlingInvalidInputError):
        canned_client.list_tasks(**page)
    assert canned.received == []


def test_text_to_speech_sends_the_documented_fields_and_returns_the_audio(canned, canned_client):
    audios = {"audios": [{"id": "aud-1", "url": "https://cdn.example/a.mp3", "duration": "4.5"}]}
    canned.queue(Reply(200, ok({"task_id": "x", "task_result": audios})))

    audio = canned_client.text_to_speech(
        "Hello!", voice_id="uk_man2", voice_language="en", voice_speed=1.26
    )

    [received] = canned.received
    assert received.path == "/v1/audio/tts"
    assert received.json() == {
        "text": "Hello!",
        "voice_id": "uk_man2",
        "voice_language": "en",
        "voice_speed": 1.3,
    }
    assert (audio.id, audio.url, audio.duration) == ("aud-1", "https://cdn.example/a.mp3", 4.5)


@pytest.mark.parametrize(
    "options",
    [
        {"text": ""},
        {"text": "x" * 1001},
        {"voice_language": "fr"},
        {"voice_speed": 0.7},
        {"voice_speed": 2.1},
        {"voice_id": ""},
    ],
)
def test_text_to_speech_limits_are_checked_before_sending(canned, canned_client, options):
    arguments = {
        "text": "Hello",
        "voice_id": "uk_man2",
        "voice_language": "en",
        "voice_speed": 1.0,
    } | options
    with pytest.raises(KlingInvalidInputError):
        canned_client.text_to_speech(arguments.pop("text"), **arguments)
    assert canned.received == []


@pytest.mark.parametrize(
    "options",
    [
        {"image": "data:image/png;base64,iVBORw0KGgo="},
        {"image": b""},
        {"image": b"x" * (10 * 1024 * 1024 + 1)},
        {"sound_file": b"x" * (5 * 1024 * 1024 + 1)},
        {"image": "/no/such/portrait.png"},
        {"prompt": "x" * 2501},
        {"mode": "ultra"},
        {"callback_url": "ftp://studio.example/hook"},
        {"image": 12345},
    ],
)
def test_create_refuses_what_kling_would_refuse_before_sending(canned, canned_client, options):
    arguments = {"image": IMAGE_URL, "sound_file": SOUND_URL} | options
    with pytest.raises(KlingInvalidInputError) as caught:
        canned_client.create_task(**arguments)
    assert canned.received == []
    assert caught.value.user_message
    assert "iVBORw0KGgo" not in str(caught.value)


# --- token renewal ----------------------------------------------------------------


def test_the_token_is_reused_then_renewed_when_less_than_five_minutes_remain(canned):
    clock = Ticking(1_700_000_000.0, 0)
    client = make_client(canned.base_url, clock=clock)
    canned.default = Reply(200, ok([]))

    client.list_tasks()
    clock.now += 1000
    client.list_tasks()
    clock.now += 600  # 200 s left on the first token
    client.list_tasks()

    first, second, third = (bearer(r) for r in canned.received)
    assert first == second != third
    claims = jwt.decode(
        third, SECRET_KEY, algorithms=["HS256"], options={"verify_exp": False, "verify_nbf": False}
    )
    assert claims["exp"] == 1_700_000_000 + 1600 + 1800


def test_an_expired_reply_renews_the_token_and_retries_once(canned):
    client = make_client(canned.base_url, clock=Ticking(time.time(), 10))
    canned.queue(
        Reply(401, failure(1004, "Authorization has expired")), Reply(200, ok(task_object()))
    )

    task = client.create_task(image=IMAGE_URL, sound_file=SOUND_URL)

    assert task.task_id == "task-1"
    first, second = canned.received
    assert bearer(first) != bearer(second)
    assert first.json() == second.json()


def test_an_expired_reply_twice_is_a_configuration_error(canned, canned_client):
    canned.default = Reply(401, failure(1004))
    with pytest.raises(KlingConfigurationError) as caught:
        canned_client.list_tasks()
    assert caught.value.code == 1004 and caught.value.needs_admin
    assert len(canned.received) == 2


def test_an_expired_reply_in_api_key_mode_is_not_retried(canned):
    client = make_client(canned.base_url, api_key=API_KEY)
    canned.default = Reply(401, failure(1004))
    with pytest.raises(KlingConfigurationError):
        client.list_tasks()
    assert len(canned.received) == 1
