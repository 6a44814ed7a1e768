"""The product's one retry policy: projects.kling.retry.retry_delay."""

import dataclasses
import types

import pytest

from projects.kling import (
    KlingConcurrencyError,
    KlingInvalidInputError,
    KlingNetworkError,
    KlingRateLimitError,
    codes,
    retry,
    retry_delay,
)
from projects.kling.errors import error_for_reply


def jitter_at(monkeypatch, end):
    """Make the jitter deterministic: always the low or the high end of its range."""
    pick = (lambda low, high: low) if end == "low" else (lambda low, high: high)
    monkeypatch.setattr(retry, "random", types.SimpleNamespace(uniform=pick))


class FfmpegCheckFailed(Exception):
    """Stands for any failure that is not Kling's (archiving, say)."""


# --- Retry-After --------------------------------------------------------------


@pytest.mark.parametrize("end", ["low", "high"])
def test_retry_after_is_a_floor(monkeypatch, end):
    jitter_at(monkeypatch, end)
    err = error_for_reply(http_status=429, code=1302, retry_after=42.0)
    assert retry_delay(0, err) == 42.0
    # Once the back-off itself is longer, it wins.
    assert retry_delay(6, err) == (128.0 if end == "high" else 42.0)


def test_retry_after_may_exceed_the_cap():
    err = KlingRateLimitError(retry_after=900.0)
    assert all(retry_delay(attempt, err) == 900.0 for attempt in range(12))


def test_retry_after_on_an_error_that_is_not_klings_is_honoured(monkeypatch):
    jitter_at(monkeypatch, "low")
    err = FfmpegCheckFailed("ffmpeg exited 1")
    err.retry_after = 75
    assert retry_delay(0, err) == 75.0


@pytest.mark.parametrize("value", [None, "60", True, float("nan")])
def test_a_retry_after_that_is_not_a_number_is_ignored(monkeypatch, value):
    jitter_at(monkeypatch, "low")
    err = FfmpegCheckFailed()
    err.retry_after = value
    assert retry_delay(0, err) == 5.0


# --- The base: per code, per category, default ------------------------------------


def test_concurrency_1303_waits_at_least_its_code_table_base(monkeypatch):
    assert codes.CODES[1303].wait_seconds == 10.0
    err = error_for_reply(http_status=429, code=1303)
    jitter_at(monkeypatch, "low")
    assert retry_delay(0, err) == 10.0
    assert retry_delay(5, err) == 10.0
    jitter_at(monkeypatch, "high")
    assert retry_delay(0, err) == 20.0
    assert retry_delay(1, err) == 40.0


def test_the_code_table_decides_the_base_not_the_category(monkeypatch):
    jitter_at(monkeypatch, "low")
    monkeypatch.setitem(
        codes.CODES, 1303, dataclasses.replace(codes.CODES[1303], wait_seconds=45.0)
    )
    monkeypatch.setitem(codes.CODES, 1302, dataclasses.replace(codes.CODES[1302], wait_seconds=7.0))
    assert retry_delay(0, error_for_reply(http_status=429, code=1303)) == 45.0
    assert retry_delay(0, error_for_reply(http_status=429, code=1302)) == 7.0


def test_a_code_without_its_own_wait_uses_its_categorys(monkeypatch):
    jitter_at(monkeypatch, "low")
    assert codes.CODES[1302].wait_seconds is None
    assert retry_delay(0, error_for_reply(http_status=429, code=1302)) == 1.0
    assert retry_delay(0, error_for_reply(http_status=503, code=5001)) == 1.0
    assert retry_delay(0, KlingNetworkError("reset")) == 1.0
    # A concurrency error without a code waits like 1303.
    assert retry_delay(0, KlingConcurrencyError()) == 10.0
    # A category without a base of its own gets the default.
    assert retry_delay(0, KlingInvalidInputError(retryable=True)) == 5.0


@pytest.mark.parametrize("end", ["low", "high"])
def test_an_error_that_is_not_klings_uses_the_default_base(monkeypatch, end):
    jitter_at(monkeypatch, end)
    expected = 5.0 if end == "low" else 10.0
    assert retry_delay(0, FfmpegCheckFailed("ffmpeg exited 1")) == expected
    assert retry_delay(0) == expected
    assert retry_delay(0, None) == expected


def test_a_code_attribute_alone_does_not_make_a_kling_error(monkeypatch):
    # urllib's HTTPError and SystemExit have a .code too; only a Kling category
    # makes the code table apply.
    jitter_at(monkeypatch, "low")
    err = FfmpegCheckFailed()
    err.code = 1303
    assert retry_delay(0, err) == 5.0


# --- Growth, cap and jitter -------------------------------------------------------


def test_the_longest_wait_doubles_with_each_attempt_up_to_the_cap(monkeypatch):
    jitter_at(monkeypatch, "high")
    delays = [retry_delay(attempt, FfmpegCheckFailed()) for attempt in range(10)]
    assert delays == [10.0, 20.0, 40.0, 80.0, 160.0, 300.0, 300.0, 300.0, 300.0, 300.0]


def test_the_shortest_wait_stays_the_base(monkeypatch):
    jitter_at(monkeypatch, "low")
    err = error_for_reply(http_status=429, code=1302)
    assert [retry_delay(attempt, err) for attempt in range(10)] == [1.0] * 10


def test_a_negative_attempt_counts_as_the_first(monkeypatch):
    jitter_at(monkeypatch, "high")
    assert retry_delay(-3, FfmpegCheckFailed()) == 10.0


@pytest.mark.parametrize(
    "error",
    [
        None,
        FfmpegCheckFailed(),
        error_for_reply(http_status=429, code=1302),
        error_for_reply(http_status=429, code=1303),
        error_for_reply(http_status=500, code=5000),
        KlingNetworkError("reset"),
    ],
)
def test_never_more_than_the_cap_without_a_retry_after(error):
    for attempt in [*range(40), 1000, 10_000]:
        delay = retry_delay(attempt, error)
        assert 1.0 <= delay <= 300.0


def test_the_jitter_spreads_waits_over_the_whole_range():
    delays = [retry_delay(5, FfmpegCheckFailed()) for _ in range(300)]
    assert all(5.0 <= delay <= 300.0 for delay in delays)
    assert min(delays) < 40.0 and max(delays) > 240.0


# --- KlingError.retry_delay is a thin wrapper -------------------------------------


def test_kling_error_retry_delay_is_the_policy_or_none(monkeypatch):
    jitter_at(monkeypatch, "high")
    limited = error_for_reply(http_status=429, code=1303, retry_after=3.0)
    assert limited.retry_delay(2) == retry_delay(2, limited) == 80.0
    assert error_for_reply(http_status=400, code=1201).retry_delay(2) is None
    assert KlingConcurrencyError(retryable=False, retry_after=9.0).retry_delay(0) is None
