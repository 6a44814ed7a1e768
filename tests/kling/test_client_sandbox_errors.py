"""The client against the Kling sandbox, over real HTTP: what goes wrong is
typed, in plain words, and a create whose outcome is unknown is never retried
(client-side checks, every error code, token renewal, network failures)."""

import time

import pytest

from projects.kling import (
    Category,
    KlingConcurrencyError,
    KlingConfigurationError,
    KlingError,
    KlingInvalidInputError,
    KlingNetworkError,
    KlingNotFoundError,
    KlingRateLimitError,
)

from .canned import make_client
from .sandboxed import create

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


# --- client-side checks ---------------------------------------------------------


@pytest.mark.parametrize("audio", [{}, {"sound_file": "VOICE", "audio_id": "a1"}])
def test_exactly_one_of_sound_file_and_audio_id_is_enforced_before_sending(
    client, kling_sandbox, portrait_png, voiceover_mp3, audio
):
    if audio.get("sound_file"):
        audio["sound_file"] = voiceover_mp3
    with pytest.raises(KlingInvalidInputError) as caught:
        client.create_task(image=portrait_png, **audio)
    assert not caught.value.outcome_unknown
    assert kling_sandbox.creates() == []


# --- every error category -------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "category", "retryable"),
    [
        (1000, Category.CONFIGURATION, False),
        (1100, Category.CONFIGURATION, False),
        (1101, Category.BILLING, False),
        (1102, Category.BILLING, False),
        (1103, Category.CONFIGURATION, False),
        (1200, Category.INVALID_INPUT, False),
        (1202, Category.CONFIGURATION, False),
        (1203, Category.NOT_FOUND, False),
        (1300, Category.CONTENT_POLICY, False),
        (1301, Category.CONTENT_POLICY, False),
        (1302, Category.RATE_LIMITED, True),
        (1303, Category.CONCURRENCY_LIMITED, True),
        (1304, Category.CONFIGURATION, False),
        (5000, Category.PROVIDER_DOWN, True),
        (5001, Category.PROVIDER_DOWN, True),
        (5002, Category.PROVIDER_DOWN, True),
    ],
)
def test_each_kling_error_code_on_a_create_becomes_its_category(
    client, kling_sandbox, portrait_png, voiceover_mp3, code, category, retryable
):
    kling_sandbox.configure(error_next=1, error_codes=[code])

    with pytest.raises(KlingError) as caught:
        create(client, portrait_png, voiceover_mp3)

    err = caught.value
    assert (err.category, err.code, err.retryable) == (category, code, retryable)
    assert err.request_id
    assert err.user_message
    # Only a 5xx leaves the create's outcome in doubt; a 4xx is a definite no.
    assert err.outcome_unknown is (category == Category.PROVIDER_DOWN)
    assert len(kling_sandbox.creates()) == 1  # never retried by the client


def test_a_portrait_too_small_for_kling_is_invalid_input_in_plain_words(
    client, tmp_path, voiceover_mp3
):
    from PIL import Image

    small = tmp_path / "small.png"
    Image.new("RGB", (100, 100), "white").save(small)

    with pytest.raises(KlingInvalidInputError) as caught:
        client.create_task(image=small, sound_file=voiceover_mp3)

    err = caught.value
    assert (err.http_status, err.code, err.retryable) == (400, 1201, False)
    assert err.provider_message
    assert err.user_message.startswith("Kling could not use this photo:")


def test_an_unknown_task_is_not_found(client):
    with pytest.raises(KlingNotFoundError) as caught:
        client.get_task("no-such-task")
    assert (caught.value.http_status, caught.value.code) == (404, 1203)
    with pytest.raises(KlingNotFoundError):
        client.get_task_by_external_id("no-such-render")


def test_rate_limiting_carries_the_retry_after_seconds(client, kling_sandbox):
    kling_sandbox.configure(rate_limit_next=1, retry_after=7)

    with pytest.raises(KlingRateLimitError) as caught:
        client.list_tasks()

    err = caught.value
    assert (err.http_status, err.code, err.retry_after) == (429, 1302, 7.0)
    assert err.retryable and not err.outcome_unknown
    assert err.retry_delay(0) >= 7.0


def test_the_concurrency_cap_keeps_the_render_queued_in_plain_words(
    client, kling_sandbox, portrait_png, voiceover_mp3
):
    kling_sandbox.configure(concurrency_limit=1, task_min_seconds=30, task_max_seconds=30)
    create(client, portrait_png, voiceover_mp3)

    with pytest.raises(KlingConcurrencyError) as caught:
        create(client, portrait_png, voiceover_mp3)

    assert caught.value.code == 1303 and caught.value.retryable
    assert caught.value.user_message == (
        "Kling is busy with other videos from this account; we'll try again shortly."
    )


def test_wrong_keys_are_a_configuration_error_for_an_admin(kling_sandbox):
    client = make_client(
        kling_sandbox.base_url,
        access_key=kling_sandbox.access_key,
        secret_key="not-the-sandbox-secret-key-0123456789",
    )
    with pytest.raises(KlingConfigurationError) as caught:
        client.list_tasks()
    assert (caught.value.http_status, caught.value.code) == (401, 1000)
    assert caught.value.needs_admin and not caught.value.retryable


def test_a_clock_running_ahead_of_kling_is_retryable_shortly(kling_sandbox):
    client = make_client(
        kling_sandbox.base_url,
        access_key=kling_sandbox.access_key,
        secret_key=kling_sandbox.secret_key,
        clock=lambda: time.time() + 120,
    )
    with pytest.raises(KlingConfigurationError) as caught:
        client.list_tasks()
    assert caught.value.code == 1003 and caught.value.retryable


def test_the_api_key_mode_sends_the_key_as_the_bearer_token(kling_sandbox):
    kling_sandbox.configure(api_key="sandbox-plain-api-key-0123456789")
    client = make_client(
        kling_sandbox.base_url,
        api_key="sandbox-plain-api-key-0123456789",
        access_key=None,
        secret_key=None,
    )
    assert client.list_tasks().tasks == []


# --- token renewal --------------------------------------------------------------


def test_an_expired_token_reply_is_renewed_and_retried_once(
    client, kling_sandbox, portrait_png, voiceover_mp3
):
    kling_sandbox.configure(error_next=1, error_codes=[1004])

    task = create(client, portrait_png, voiceover_mp3, external_task_id="renewed")

    assert task.external_task_id == "renewed"
    outcomes = [(c["outcome"], c["code"]) for c in kling_sandbox.creates()]
    assert outcomes == [("rejected", 1004), ("created", 0)]


def test_an_expired_token_that_renewal_cannot_fix_is_a_configuration_error(
    kling_sandbox, portrait_png, voiceover_mp3
):
    # A clock half an hour behind signs tokens that Kling already sees as expired.
    client = make_client(
        kling_sandbox.base_url,
        access_key=kling_sandbox.access_key,
        secret_key=kling_sandbox.secret_key,
        clock=lambda: time.time() - 1900,
    )

    with pytest.raises(KlingConfigurationError) as caught:
        create(client, portrait_png, voiceover_mp3)

    assert caught.value.code == 1004 and not caught.value.retryable
    assert [c["code"] for c in kling_sandbox.creates()] == [1004, 1004]


# --- network failures and the unknown outcome -------------------------------------


def test_a_connection_dropped_after_create_is_an_unknown_outcome_and_not_retried(
    client, kling_sandbox, portrait_png, voiceover_mp3
):
    kling_sandbox.configure(drop_after_create_next=1)

    with pytest.raises(KlingNetworkError) as caught:
        create(client, portrait_png, voiceover_mp3, external_task_id="dropped-1")

    err = caught.value
    assert err.outcome_unknown and err.retryable
    [received] = kling_sandbox.creates()
    assert received["outcome"] == "dropped"
    # What the worker does next: ask before creating again.
    found = client.get_task_by_external_id("dropped-1")
    assert found.task_id == received["task_id"]


def test_a_read_timeout_on_create_is_an_unknown_outcome(kling_sandbox, portrait_png, voiceover_mp3):
    kling_sandbox.configure(latency_seconds=2, fault_endpoints=["create"])
    client = make_client(
        kling_sandbox.base_url,
        access_key=kling_sandbox.access_key,
        secret_key=kling_sandbox.secret_key,
        read_timeout=0.5,
    )

    with pytest.raises(KlingNetworkError) as caught:
        create(client, portrait_png, voiceover_mp3)

    assert caught.value.outcome_unknown and caught.value.timed_out
    assert "read timed out" in str(caught.value)


def test_no_server_listening_means_the_request_never_reached_kling(
    portrait_png, voiceover_mp3, unused_port
):
    client = make_client(f"http://127.0.0.1:{unused_port}")

    with pytest.raises(KlingNetworkError) as caught:
        create(client, portrait_png, voiceover_mp3)

    assert caught.value.outcome_unknown is False
    assert caught.value.retryable
