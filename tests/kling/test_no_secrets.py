"""No key, token or media body in any log record or exception text."""

import base64
import io
import logging
import time

import pytest

from projects.kling import KlingError

from .canned import ACCESS_KEY, API_KEY, SECRET_KEY, Reply, failure, make_client, ok, task_object

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

# Every JWT starts with the base64 of '{"', whatever its claims.
JWT_PREFIX = "eyJ"


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    # The project's settings quiet urllib3; listen to it anyway.
    for name in ("urllib3", "projects.kling", "kling_sandbox"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def record_texts(caplog):
    texts = []
    for record in caplog.records:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        if record.exc_info:
            texts.append(logging.Formatter().formatException(record.exc_info))
    return texts


def error_texts(errors):
    return [text for err in errors for text in (str(err), repr(err), repr(err.args))]


def assert_nothing_leaks(texts, secrets):
    assert texts
    for text in texts:
        for secret in secrets:
            assert secret not in text


def attempt(errors, call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except KlingError as err:
        errors.append(err)
        return None


def test_sandbox_calls_and_failures_log_no_key_token_or_media(
    all_logs, kling_sandbox, portrait_png, voiceover_mp3
):
    client = make_client(
        kling_sandbox.base_url,
        access_key=kling_sandbox.access_key,
        secret_key=kling_sandbox.secret_key,
        read_timeout=1,
    )
    errors = []

    task = client.create_task(
        image=portrait_png, sound_file=voiceover_mp3, external_task_id="secret-test"
    )
    client.get_task(task.task_id)
    client.get_task_by_external_id("secret-test")
    client.list_tasks()
    audio = client.text_to_speech("Hello there, this is a voiceover.", voice_id="uk_man2")
    client.create_task(image=portrait_png, audio_id=audio.id)

    kling_sandbox.configure(error_next=1, error_codes=[1004])
    client.list_tasks()  # renewed and retried
    kling_sandbox.configure(rate_limit_next=1, retry_after=3)
    attempt(errors, client.list_tasks)
    kling_sandbox.configure(error_next=1, error_codes=[5002])
    attempt(errors, client.create_task, image=portrait_png, sound_file=voiceover_mp3)
    kling_sandbox.configure(drop_after_create_next=1)
    attempt(errors, client.create_task, image=portrait_png, sound_file=voiceover_mp3)
    kling_sandbox.configure(latency_seconds=2, fault_endpoints=["query"])
    attempt(errors, client.get_task, task.task_id)
    kling_sandbox.configure(latency_seconds=0)
    attempt(errors, client.get_task, "missing")
    wrong = make_client(
        kling_sandbox.base_url,
        access_key=kling_sandbox.access_key,
        secret_key="wrong-secret-key-0123456789-abcdef",
    )
    attempt(errors, wrong.list_tasks)

    deadline = time.monotonic() + 30
    while not (task := client.get_task(task.task_id)).is_finished:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    client.download(task.video.url, io.BytesIO(), max_bytes=50 * 1024 * 1024)

    assert len(errors) == 6
    media_sample = base64.b64encode(portrait_png.read_bytes()[:300]).decode()[:200]
    secrets = [
        kling_sandbox.secret_key,
        "wrong-secret-key-0123456789-abcdef",
        JWT_PREFIX,
        media_sample,
    ]
    assert_nothing_leaks(record_texts(all_logs) + error_texts(errors), secrets)
    assert any(
        "kling POST /v1/videos/avatar/image2video -> 200" in t for t in record_texts(all_logs)
    )


def test_a_provider_message_echoing_our_credentials_is_redacted(all_logs, canned):
    def echo(received):
        auth = received.headers["Authorization"]
        assert auth.startswith(f"Bearer {JWT_PREFIX}")  # the check below can fail
        return failure(1002, f"Bad header {auth} for {ACCESS_KEY}/{SECRET_KEY}")

    client = make_client(canned.base_url)
    canned.queue(Reply(401, echo))
    errors = []

    attempt(errors, client.list_tasks)

    [err] = errors
    assert "[redacted]" in err.provider_message
    texts = record_texts(all_logs) + error_texts(errors) + [err.provider_message, err.user_message]
    assert_nothing_leaks(texts, [SECRET_KEY, ACCESS_KEY, JWT_PREFIX])


def test_api_key_mode_logs_no_key(all_logs, canned):
    client = make_client(canned.base_url, api_key=API_KEY)
    canned.queue(
        Reply(200, ok(task_object())),
        Reply(401, failure(1004, f"expired {API_KEY}")),
        Reply(drop=True),
        Reply(drop=True),
    )
    errors = []

    client.get_task("task-1")
    attempt(errors, client.list_tasks)
    attempt(errors, client.get_task, "task-1")

    assert len(errors) == 2
    assert_nothing_leaks(record_texts(all_logs) + error_texts(errors) + [repr(client)], [API_KEY])
