from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from projects.kling import (
    CODES,
    Category,
    KlingConcurrencyError,
    KlingError,
    KlingRateLimitError,
    parse_retry_after,
)
from projects.kling.errors import ERROR_CLASSES, describe_task_failure, error_for_reply

# The documented table (shared/kling-api.md): code -> (HTTP, category, retryable).
DOCUMENTED = {
    1000: (401, Category.CONFIGURATION, False),
    1001: (401, Category.CONFIGURATION, False),
    1002: (401, Category.CONFIGURATION, False),
    1003: (401, Category.CONFIGURATION, True),
    1004: (401, Category.CONFIGURATION, False),
    1100: (429, Category.CONFIGURATION, False),
    1101: (429, Category.BILLING, False),
    1102: (429, Category.BILLING, False),
    1103: (403, Category.CONFIGURATION, False),
    1200: (400, Category.INVALID_INPUT, False),
    1201: (400, Category.INVALID_INPUT, False),
    1202: (404, Category.CONFIGURATION, False),
    1203: (404, Category.NOT_FOUND, False),
    1300: (400, Category.CONTENT_POLICY, False),
    1301: (400, Category.CONTENT_POLICY, False),
    1302: (429, Category.RATE_LIMITED, True),
    1303: (429, Category.CONCURRENCY_LIMITED, True),
    1304: (429, Category.CONFIGURATION, False),
    5000: (500, Category.PROVIDER_DOWN, True),
    5001: (503, Category.PROVIDER_DOWN, True),
    5002: (504, Category.PROVIDER_DOWN, True),
}


def test_every_documented_code_is_in_the_table():
    assert set(CODES) == set(DOCUMENTED)


@pytest.mark.parametrize("code", sorted(DOCUMENTED))
def test_each_documented_code_has_its_category_and_retryability(code):
    http_status, category, retryable = DOCUMENTED[code]
    err = error_for_reply(http_status=http_status, code=code, provider_message="x")

    assert err.category == category
    assert isinstance(err, ERROR_CLASSES[category])
    assert err.retryable is retryable
    assert err.code == code and err.http_status == http_status
    assert err.user_message


def test_billing_and_account_problems_need_an_admin_and_limits_do_not():
    assert error_for_reply(http_status=429, code=1101).needs_admin
    assert error_for_reply(http_status=401, code=1000).needs_admin
    assert not error_for_reply(http_status=401, code=1003).needs_admin
    assert not error_for_reply(http_status=429, code=1303).needs_admin


@pytest.mark.parametrize(
    ("http_status", "category", "retryable"),
    [
        (400, Category.INVALID_INPUT, False),
        (422, Category.INVALID_INPUT, False),
        (429, Category.RATE_LIMITED, True),
        (401, Category.CONFIGURATION, False),
        (403, Category.CONFIGURATION, False),
        (500, Category.PROVIDER_DOWN, True),
        (502, Category.PROVIDER_DOWN, True),
        (503, Category.PROVIDER_DOWN, True),
    ],
)
def test_an_unknown_code_is_judged_by_its_http_status(http_status, category, retryable):
    err = error_for_reply(http_status=http_status, code=4242)
    assert (err.category, err.retryable) == (category, retryable)


def test_the_concurrency_message_reads_as_plain_language():
    err = error_for_reply(http_status=429, code=1303)
    assert isinstance(err, KlingConcurrencyError)
    assert err.user_message == (
        "Kling is busy with other videos from this account; we'll try again shortly."
    )


def test_an_invalid_photo_is_explained_with_the_providers_words():
    err = error_for_reply(http_status=400, code=1201, provider_message="Image pixel is invalid")
    assert err.user_message == "Kling could not use this photo: Image pixel is invalid."
    assert err.provider_message == "Image pixel is invalid"


def test_an_invalid_voiceover_is_explained_as_such():
    err = error_for_reply(
        http_status=400, code=1201, provider_message="Audio duration must be 2-300 seconds"
    )
    assert err.user_message.startswith("Kling could not use this voiceover: Audio duration")


def test_a_failed_task_is_explained_in_plain_language():
    assert describe_task_failure("Image pixel is invalid") == (
        "Kling could not use this photo: Image pixel is invalid."
    )
    assert "content policy" in describe_task_failure("Failure to pass the risk control system")
    assert describe_task_failure("") == "Kling could not make this video, and did not say why."


def test_a_long_provider_message_is_shortened_for_people():
    err = error_for_reply(http_status=400, code=1201, provider_message="word " * 500)
    assert len(err.user_message) < 400


def test_str_and_repr_carry_the_facts_for_a_support_ticket():
    err = error_for_reply(
        http_status=429,
        code=1302,
        provider_message="too fast",
        request_id="req-9",
        retry_after=3.0,
        method="POST",
        path="/v1/videos/avatar/image2video",
    )
    assert isinstance(err, KlingRateLimitError)
    text = str(err)
    for fact in (
        "rate_limited",
        "POST /v1/videos/avatar/image2video",
        "HTTP 429",
        "code 1302",
        "too fast",
        "req-9",
    ):
        assert fact in text
    assert "retry_after=3.0" in repr(err)


def test_retry_delay_honours_retry_after_and_is_none_when_permanent():
    limited = error_for_reply(http_status=429, code=1302, retry_after=42.0)
    assert limited.retry_delay(0) >= 42.0
    assert error_for_reply(http_status=400, code=1201).retry_delay(0) is None


def test_retry_delay_backs_off_from_at_least_one_second_for_rate_limits():
    err = error_for_reply(http_status=429, code=1302)
    delays = [err.retry_delay(attempt) for attempt in range(6)]
    assert all(delay >= 1.0 for delay in delays)
    assert max(delays) <= 600


def test_kling_error_is_the_base_of_every_category():
    assert all(issubclass(cls, KlingError) for cls in ERROR_CLASSES.values())
    assert set(ERROR_CLASSES) == set(Category)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7.0),
        (" 120 ", 120.0),
        ("0", 0.0),
        ("-5", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_in_seconds(value, expected):
    assert parse_retry_after(value, now=1_700_000_000) == expected


def test_retry_after_as_an_http_date_is_seconds_from_now():
    now = 1_700_000_000
    later = format_datetime(datetime.fromtimestamp(now + 90, tz=UTC), usegmt=True)
    assert parse_retry_after(later, now=now) == pytest.approx(90)


def test_retry_after_in_the_past_means_now():
    now = 1_700_000_000
    earlier = format_datetime(datetime.fromtimestamp(now - 90, tz=UTC), usegmt=True)
    assert parse_retry_after(earlier, now=now) == 0.0
