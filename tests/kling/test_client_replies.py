"""What the client makes of replies the sandbox cannot produce (odd envelopes,
bare 5xx, redirects, dropped connections) and of result downloads, against a
canned-reply server over real HTTP."""

import io
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from projects.kling import (
    Category,
    KlingBillingError,
    KlingConcurrencyError,
    KlingConfigurationError,
    KlingDownloadTooLargeError,
    KlingInvalidInputError,
    KlingMalformedReplyError,
    KlingNetworkError,
    KlingNotFoundError,
    KlingProviderDownError,
    KlingRateLimitError,
)

from .canned import IMAGE_URL, SOUND_URL, Reply, failure, make_client, ok, task_object

# --- replies the sandbox does not make ------------------------------------------


def test_an_account_in_arrears_is_a_billing_error_for_an_admin(canned, canned_client):
    canned.queue(Reply(429, failure(1101, "Account in arrears", "req-1101")))

    with pytest.raises(KlingBillingError) as caught:
        canned_client.create_task(image=IMAGE_URL, sound_file=SOUND_URL)

    err = caught.value
    assert (err.http_status, err.code, err.request_id) == (429, 1101, "req-1101")
    assert err.needs_admin and not err.retryable and not err.outcome_unknown
    assert err.provider_message == "Account in arrears"


@pytest.mark.parametrize("body", [None, b"<html><body>Bad gateway</body></html>"])
def test_a_bare_5xx_after_a_create_is_provider_down_with_an_unknown_outcome(
    canned, canned_client, body
):
    canned.queue(Reply(502, body))

    with pytest.raises(KlingProviderDownError) as caught:
        canned_client.create_task(image=IMAGE_URL, sound_file=SOUND_URL)

    err = caught.value
    assert (err.http_status, err.code) == (502, None)
    assert err.retryable and err.outcome_unknown


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Welcome to nginx</html>",
        b"",
        {"message": "SUCCEED", "data": {}},
        {"code": "0", "data": {}},
        [1, 2, 3],
    ],
)
def test_a_2xx_without_kling_envelope_is_a_malformed_reply(canned, canned_client, body):
    canned.queue(Reply(200, body))

    with pytest.raises(KlingMalformedReplyError) as caught:
        canned_client.create_task(image=IMAGE_URL, sound_file=SOUND_URL)

    # Kling may have made the task before the reply got garbled.
    assert caught.value.outcome_unknown
    assert caught.value.category == Category.MALFORMED_REPLY


@pytest.mark.parametrize(
    "data",
    [
        [task_object()],
        "task",
        {"task_status": "submitted"},
        task_object(status="exploded"),
    ],
)
def test_data_of_the_wrong_shape_is_a_malformed_reply(canned, canned_client, data):
    canned.queue(Reply(200, ok(data, request_id="req-bad")))

    with pytest.raises(KlingMalformedReplyError) as caught:
        canned_client.get_task("task-1")

    assert caught.value.request_id == "req-bad"


def test_a_list_whose_data_is_not_a_list_is_malformed(canned, canned_client):
    canned.queue(Reply(200, ok({"tasks": []})))
    with pytest.raises(KlingMalformedReplyError):
        canned_client.list_tasks()


def test_an_oversized_reply_is_malformed_and_not_kept_in_memory(canned, canned_client):
    canned.queue(Reply(200, b"x" * (8 * 1024 * 1024 + 1)))
    with pytest.raises(KlingMalformedReplyError):
        canned_client.list_tasks()


def test_a_redirect_from_the_api_is_not_followed(canned, canned_client):
    canned.queue(Reply(302, b"", {"Location": canned.base_url + "/elsewhere"}))

    with pytest.raises(KlingMalformedReplyError):
        canned_client.create_task(image=IMAGE_URL, sound_file=SOUND_URL)

    assert len(canned.received) == 1


def test_an_unknown_4xx_code_is_permanent_invalid_input(canned, canned_client):
    canned.queue(Reply(418, failure(1999, "Teapot refuses")))
    with pytest.raises(KlingInvalidInputError) as caught:
        canned_client.list_tasks()
    assert not caught.value.retryable
    assert "Teapot refuses" in caught.value.user_message


def test_an_unknown_429_is_rate_limited(canned, canned_client):
    canned.queue(Reply(429, b"slow down"))
    with pytest.raises(KlingRateLimitError) as caught:
        canned_client.list_tasks()
    assert caught.value.retryable and caught.value.code is None


def test_a_bare_404_means_the_api_base_is_wrong(canned, canned_client):
    canned.queue(Reply(404, b"<html>Not Found</html>"))
    with pytest.raises(KlingConfigurationError):
        canned_client.get_task("task-1")


def test_retry_after_in_seconds_is_read(canned, canned_client):
    canned.queue(Reply(429, failure(1302), {"Retry-After": "12"}))
    with pytest.raises(KlingRateLimitError) as caught:
        canned_client.list_tasks()
    assert caught.value.retry_after == 12.0


def test_retry_after_as_an_http_date_is_turned_into_seconds(canned):
    now = 1_700_000_000.0
    client = make_client(canned.base_url, clock=lambda: now)
    when = format_datetime(datetime.fromtimestamp(now + 120, tz=UTC), usegmt=True)
    canned.queue(Reply(503, failure(5001, "Maintenance"), {"Retry-After": when}))

    with pytest.raises(KlingProviderDownError) as caught:
        client.list_tasks()

    assert caught.value.retry_after == pytest.approx(120)
    assert caught.value.retry_delay(0) >= 120


def test_a_garbled_retry_after_is_ignored(canned, canned_client):
    canned.queue(Reply(429, failure(1303), {"Retry-After": "whenever"}))
    with pytest.raises(KlingConcurrencyError) as caught:
        canned_client.list_tasks()
    assert caught.value.retry_after is None


# --- network failures ---------------------------------------------------------------


def test_a_create_whose_connection_drops_is_not_retried(canned, canned_client):
    canned.queue(Reply(drop=True), Reply(200, ok(task_object())))

    with pytest.raises(KlingNetworkError) as caught:
        canned_client.create_task(image=IMAGE_URL, sound_file=SOUND_URL)

    assert caught.value.outcome_unknown and not caught.value.timed_out
    assert len(canned.received) == 1


def test_a_query_whose_connection_drops_is_retried_once(canned, canned_client):
    canned.queue(Reply(drop=True), Reply(200, ok(task_object())))

    task = canned_client.get_task("task-1")

    assert task.task_id == "task-1"
    assert len(canned.received) == 2


def test_a_query_whose_connection_drops_twice_fails(canned, canned_client):
    canned.default = Reply(drop=True)
    with pytest.raises(KlingNetworkError):
        canned_client.get_task("task-1")
    assert len(canned.received) == 2


def test_a_query_that_times_out_is_not_retried(canned):
    client = make_client(canned.base_url, read_timeout=0.3)
    canned.default = Reply(200, ok(task_object()), delay=1.0)

    with pytest.raises(KlingNetworkError) as caught:
        client.get_task("task-1")

    assert caught.value.timed_out and caught.value.retryable
    assert len(canned.received) == 1


def test_a_refused_connection_definitely_did_not_reach_kling(unused_port):
    client = make_client(f"http://127.0.0.1:{unused_port}")
    with pytest.raises(KlingNetworkError) as caught:
        client.create_task(image=IMAGE_URL, sound_file=SOUND_URL)
    assert caught.value.outcome_unknown is False
    assert "could not connect" in str(caught.value)


# --- downloads ------------------------------------------------------------------------


def test_a_download_sends_no_authorization_and_follows_a_cdn_redirect(canned, canned_client):
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 100
    canned.queue(Reply(302, b"", {"Location": "/real/video.mp4"}), Reply(200, video))
    target = io.BytesIO()

    written = canned_client.download(
        canned.base_url + "/kcdn/video.mp4?sign=abc",
        target,
        max_bytes=1024 * 1024,
        chunk_size=1000,
    )

    assert written == len(video) and target.getvalue() == video
    assert [r.path for r in canned.received] == ["/kcdn/video.mp4?sign=abc", "/real/video.mp4"]
    assert all("Authorization" not in r.headers for r in canned.received)


def test_a_download_announcing_more_than_the_cap_is_refused_before_reading(canned, canned_client):
    canned.queue(Reply(200, b"x" * 5000))
    target = io.BytesIO()
    with pytest.raises(KlingDownloadTooLargeError):
        canned_client.download(canned.base_url + "/v.mp4", target, max_bytes=4999)
    assert target.getvalue() == b""


def test_a_download_that_grows_past_the_cap_stops_there(canned, canned_client):
    # No Content-Length: the cap is enforced while streaming.
    canned.queue(Reply(200, b"x" * 5000, {"Content-Length": None}))
    target = io.BytesIO()
    with pytest.raises(KlingDownloadTooLargeError):
        canned_client.download(canned.base_url + "/v.mp4", target, max_bytes=2500, chunk_size=1000)
    assert len(target.getvalue()) <= 2500


def test_a_download_past_its_time_budget_is_retryable(canned, canned_client):
    canned.queue(Reply(200, b"x" * 5000))
    with pytest.raises(KlingNetworkError) as caught:
        canned_client.download(
            canned.base_url + "/v.mp4",
            io.BytesIO(),
            max_bytes=10_000,
            chunk_size=1000,
            max_seconds=0,
        )
    assert caught.value.retryable


@pytest.mark.parametrize(
    ("status", "error"),
    [(404, KlingNotFoundError), (403, KlingNotFoundError), (503, KlingProviderDownError)],
)
def test_a_failed_download_is_typed(canned, canned_client, status, error):
    canned.queue(Reply(status, b"nope"))
    with pytest.raises(error):
        canned_client.download(canned.base_url + "/v.mp4", io.BytesIO(), max_bytes=10_000)


def test_a_download_url_must_be_http(canned_client):
    with pytest.raises(KlingMalformedReplyError):
        canned_client.download("file:///etc/passwd", io.BytesIO(), max_bytes=10_000)
