"""How times, durations and sizes read: projects.wording and {% load wording %}."""

import importlib
import pkgutil
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone

import projects.templatetags
from projects import wording
from projects.media import wording as media_wording
from projects.wording import MB

NOW = datetime(2025, 5, 20, 12, 0, 0, tzinfo=UTC)
NBSP = "\xa0"  # Django's timesince keeps "3 hours" on one line.


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def before(**delta):
    return NOW - timedelta(**delta)


# --- Counts -------------------------------------------------------------------


def test_a_count_of_one_is_singular_and_any_other_count_plural():
    assert wording.quantity(1, "minute") == "1 minute"
    assert wording.quantity(15, "minute") == "15 minutes"
    assert wording.quantity(0, "day") == "0 days"


# --- Spans ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0, "0 seconds"), (1, "1 second"), (8, "8 seconds"), (59.9, "59 seconds")],
)
def test_a_span_under_a_minute_is_counted_in_whole_seconds(seconds, words):
    assert wording.span(NOW, NOW + timedelta(seconds=seconds)) == words


def test_a_span_of_a_minute_or_more_reads_like_timesince_with_non_breaking_spaces():
    assert wording.span(NOW, NOW + timedelta(seconds=60)) == f"1{NBSP}minute"
    assert wording.span(NOW, NOW + timedelta(hours=3, minutes=5)) == (
        f"3{NBSP}hours, 5{NBSP}minutes"
    )


def test_a_span_that_ends_before_it_starts_is_zero_seconds():
    assert wording.span(NOW, NOW - timedelta(minutes=5)) == "0 seconds"


def test_a_span_without_an_end_runs_until_now(frozen_now):
    assert wording.span(before(seconds=8)) == "8 seconds"


# --- Ago ------------------------------------------------------------------------


def test_ago_says_just_now_under_a_minute_never_0_seconds_ago(frozen_now):
    # A page header written at 0 seconds and read 15 seconds later must not
    # say "0 seconds ago": under a minute it is "just now".
    assert wording.ago(before(seconds=0)) == "just now"
    assert wording.ago(before(seconds=15)) == "just now"
    assert wording.ago(before(seconds=59, microseconds=999999)) == "just now"


def test_ago_says_minutes_and_hours_after_a_minute(frozen_now):
    assert wording.ago(before(minutes=1, seconds=30)) == f"1{NBSP}minute ago"
    assert wording.ago(before(hours=3, minutes=2)) == f"3{NBSP}hours, 2{NBSP}minutes ago"


def test_ago_to_the_minute_says_just_now_under_a_minute(frozen_now):
    assert wording.ago_to_the_minute(before(seconds=8)) == "just now"
    assert wording.ago_to_the_minute(before(seconds=59, microseconds=999999)) == "just now"


def test_ago_to_the_minute_reads_like_ago_from_a_minute_on(frozen_now):
    assert wording.ago_to_the_minute(before(minutes=1)) == f"1{NBSP}minute ago"
    assert wording.ago_to_the_minute(before(days=2)) == f"2{NBSP}days ago"


def test_a_moment_that_is_unknown_reads_as_nothing():
    assert wording.ago(None) == ""
    assert wording.ago_to_the_minute(None) == ""


# --- Took ---------------------------------------------------------------------


def test_finished_work_under_a_minute_took_less_than_a_minute():
    assert wording.took(NOW, NOW + timedelta(seconds=40), finished=True) == (
        "Took less than a minute"
    )


def test_finished_work_says_how_long_it_took_without_seconds():
    end = NOW + timedelta(minutes=3, seconds=20)
    assert wording.took(NOW, end, finished=True) == f"Took 3{NBSP}minutes"


def test_unfinished_work_says_how_long_it_has_taken_so_far(frozen_now):
    assert wording.took(before(seconds=5), finished=False) == "Less than a minute so far"
    assert wording.took(before(minutes=4), finished=False) == f"4{NBSP}minutes so far"


# --- Moments and amounts of video ---------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(None, ""), (0, "0:00"), (3.7, "0:03"), (75, "1:15"), (3725, "1:02:05"), (-2, "0:00")],
)
def test_a_moment_of_a_video_reads_as_a_player_shows_it(seconds, words):
    assert wording.moment_words(seconds) == words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, "0 s"),
        (0, "0 s"),
        (42.5, "42.5 s"),
        (59.94, "59.9 s"),
        (60, "1 min 0 s"),
        (754.9, "12 min 34 s"),
        (4000, "1 h 6 min"),
    ],
)
def test_an_amount_of_video_reads_in_seconds_minutes_and_hours(seconds, words):
    assert wording.seconds_words(seconds) == words


# --- Sizes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "words"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (840 * 1024, "840 KB"),
        (MB, "1.0 MB"),
        (12_900_000, "12.3 MB"),
    ],
)
def test_a_measured_size_reads_in_bytes_kb_or_mb(size, words):
    assert wording.size_words(size) == words


def test_a_limit_of_whole_megabytes_reads_as_kling_writes_it():
    assert wording.limit_words(10 * MB) == "10 MB"
    assert wording.limit_words(5 * MB) == "5 MB"


def test_a_limit_of_part_of_a_megabyte_reads_like_a_measured_size():
    assert wording.limit_words(1536 * 1024) == "1.5 MB"
    assert wording.limit_words(600 * 1024) == "600 KB"


def test_the_media_refusals_word_sizes_and_limits_through_the_shared_functions():
    assert media_wording.size(12_900_000) == wording.size_words(12_900_000)
    assert media_wording.limit_size(10 * MB) == wording.limit_words(10 * MB)
    # Next to its limit a size is exact, so that it never reads like the limit.
    assert media_wording.size(10 * MB + 1, limit=10 * MB) == "10,485,761 bytes"


# --- Units ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [(None, ""), ("2.400", "2.4"), (Decimal("3.000"), "3"), (Decimal("1.250"), "1.25"), (0, "0")],
)
def test_kling_units_read_without_trailing_zeros(value, words):
    assert wording.units(value) == words


def test_a_value_that_is_not_a_number_of_units_is_shown_as_it_is():
    assert wording.units("n/a") == "n/a"


# --- The template library -------------------------------------------------------


def render(text, **context):
    return Template("{% load wording %}" + text).render(Context(context))


def test_the_wording_library_says_just_now_under_a_minute_under_both_names(frozen_now):
    moment = before(seconds=8)
    assert render("{{ t|ago }}", t=moment) == "just now"
    assert render("{{ t|ago_to_the_minute }}", t=moment) == "just now"
    assert render("{{ t|ago }}", t=before(minutes=3)) == f"3{NBSP}minutes ago"


def test_a_clock_of_time_spent_says_seconds_then_minutes_then_hours():
    assert wording.clock(0) == "0 s"
    assert wording.clock(12.9) == "12 s"
    assert wording.clock(72) == "1 min 12 s"
    assert wording.clock(3780) == "1 h 3 min"


def test_the_wording_library_words_spans_moments_amounts_and_units():
    start = NOW
    end = NOW + timedelta(seconds=3)
    html = render(
        "{{ a|span_until:b }}|{{ m|moment }}|{{ s|seconds_words }}|{{ u|units }}",
        a=start,
        b=end,
        m=75,
        s=754,
        u="2.400",
    )
    assert html == "3 seconds|1:15|12 min 34 s|2.4"


def test_a_span_with_a_missing_end_reads_as_nothing_in_a_template():
    assert render("{{ a|span_until:b }}", a=NOW, b=None) == ""


def test_no_filter_or_tag_name_is_defined_by_two_of_our_tag_libraries():
    seen = {}
    for info in pkgutil.iter_modules(projects.templatetags.__path__):
        library = importlib.import_module(f"projects.templatetags.{info.name}").register
        for name in [*library.filters, *library.tags]:
            seen.setdefault(name, []).append(info.name)
    assert {name: libs for name, libs in seen.items() if len(libs) > 1} == {}
