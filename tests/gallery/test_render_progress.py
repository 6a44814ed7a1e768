"""A render's progress: the estimate learnt from finished renders (by
quality, the median, the last N, a first guess before that), the bar's
fraction and "taking longer than usual", the cards' JSON, and pages whose
query count does not grow with the renders in flight."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.gallery.cards import card_json
from projects.models import Render, RenderBatch, RenderStatus
from projects.renders import progress
from projects.renders.progress import (
    DEFAULT_SAVING_SECONDS,
    DEFAULT_SECONDS_PER_SECOND,
    Speed,
    render_progress,
    speeds,
)
from tests.conftest import login_as
from tests.gallery.conftest import bulk_renders


@pytest.fixture(autouse=True)
def fresh_history(settings):
    settings.RENDER_PROGRESS_HISTORY = 50
    settings.RENDER_PROGRESS_MIN_HISTORY = 5
    progress.forget_history()
    yield
    progress.forget_history()


def finished_videos(project, portrait, voiceover, ratios, *, mode="std", length=4.0, saving=6.0,
                    newest=None):  # fmt: skip
    """Finished renders that took ``ratio`` seconds of rendering per second of
    video each, the first of ``ratios`` the newest."""
    newest = newest or timezone.now()
    renders = bulk_renders(project, portrait, voiceover, len(ratios), status=RenderStatus.DONE)
    for i, (render, ratio) in enumerate(zip(renders, ratios, strict=True)):
        finished = newest - timedelta(minutes=i)
        made = finished - timedelta(seconds=saving)
        started = made - timedelta(seconds=ratio * length)
        Render.objects.filter(pk=render.pk).update(
            created=started - timedelta(seconds=2),
            mode=mode,
            duration=length,
            provider_done_at=made,
            submitted_at=started,
            finished_at=finished,
        )
    return renders


def in_flight(render, status, *, seconds_ago):
    now = timezone.now()
    Render.objects.filter(pk=render.pk).update(
        status=status, submitted_at=now - timedelta(seconds=seconds_ago)
    )
    render.refresh_from_db()
    return render


# --- The estimate ----------------------------------------------------------------


def test_the_speed_is_the_median_of_each_qualitys_finished_renders(project, portrait, voiceover):
    finished_videos(project, portrait, voiceover, [2, 3, 10, 4, 5], mode="std", saving=6)
    finished_videos(project, portrait, voiceover, [8, 30, 7, 9, 6, 8], mode="pro", saving=4)
    known = speeds()
    assert known["std"].seconds_per_second == pytest.approx(4)
    assert known["std"].saving_seconds == pytest.approx(6)
    assert known["std"].videos == 5
    assert known["pro"].seconds_per_second == pytest.approx(8)
    assert known["pro"].saving_seconds == pytest.approx(4)


def test_only_the_last_n_finished_renders_count(settings, project, portrait, voiceover):
    settings.RENDER_PROGRESS_HISTORY = 5
    now = timezone.now()
    finished_videos(project, portrait, voiceover, [2] * 5, newest=now)
    finished_videos(project, portrait, voiceover, [40] * 20, newest=now - timedelta(days=1))
    assert speeds()["std"].seconds_per_second == pytest.approx(2)
    assert speeds()["std"].videos == 5


def test_failed_renders_and_renders_without_kling_timings_are_not_history(
    project, portrait, voiceover
):
    finished_videos(project, portrait, voiceover, [3] * 5)
    failed = finished_videos(project, portrait, voiceover, [90] * 5)
    Render.objects.filter(pk__in=[r.pk for r in failed]).update(status=RenderStatus.FAILED)
    untimed = finished_videos(project, portrait, voiceover, [90] * 5)
    Render.objects.filter(pk__in=[r.pk for r in untimed]).update(provider_done_at=None)
    assert speeds()["std"].seconds_per_second == pytest.approx(3)


def test_below_the_minimum_history_the_documented_first_guess_is_used(
    project, portrait, voiceover, make_render
):
    finished_videos(project, portrait, voiceover, [2, 2, 2, 2], mode="pro")  # one too few
    known = speeds()
    assert known["pro"] == Speed(DEFAULT_SECONDS_PER_SECOND["pro"], DEFAULT_SAVING_SECONDS, 0)
    assert known["std"].seconds_per_second == DEFAULT_SECONDS_PER_SECOND["std"]
    state = render_progress(make_render(mode="pro"))
    assert state.basis_words.startswith("A first guess: fewer than 5 Professional videos")


def test_the_estimate_is_the_speed_times_the_expected_length_plus_saving(make_render):
    known = {"std": Speed(5, 20, 10), "pro": Speed(9, 20, 10)}
    spoken = make_render()  # a 3-second voiceover
    assert render_progress(spoken, known=known).estimate_seconds == pytest.approx(5 * 3 + 20)
    script = "Meet our spring collection, made for sunny days."  # 48 characters: 3.2 s
    read = make_render(voiceover=None, script=script, voice_id="uk_man2", mode="pro")
    assert render_progress(read, known=known).estimate_seconds == pytest.approx(9 * 3.2 + 20)
    assert "the last 10 Professional videos" in render_progress(read, known=known).basis_words


def test_the_history_is_one_query_then_cached(project, portrait, voiceover):
    finished_videos(project, portrait, voiceover, [3] * 6)
    with CaptureQueriesContext(connection) as queries:
        speeds()
        speeds()
        speeds()
    assert len(queries) == 1


# --- The bar ---------------------------------------------------------------------

KNOWN = {"std": Speed(10, 10, 10), "pro": Speed(20, 10, 10)}  # 3 s video: 30 + 10 s


def test_a_render_waiting_for_a_slot_has_an_empty_bar_and_says_how_long_once_started(
    make_render,
):
    state = render_progress(make_render(), known=KNOWN)
    assert (state.step, state.words, state.fraction) == ("waiting", "Waiting for a slot", 0)
    assert state.eta_words == "About 40 seconds once Kling starts"


def test_the_bar_is_the_share_of_the_estimate_spent_and_says_when_it_is_ready(make_render):
    render = in_flight(make_render(), RenderStatus.PROCESSING, seconds_ago=20)
    state = render_progress(render, render.submitted_at + timedelta(seconds=20), known=KNOWN)
    assert (state.step, state.words) == ("rendering", "Rendering at Kling")
    assert state.fraction == pytest.approx(0.5)
    assert state.eta_words == "Ready in about 20 seconds"
    assert not state.late


def test_past_the_estimate_it_stops_short_of_full_and_says_taking_longer(make_render):
    render = in_flight(make_render(), RenderStatus.PROCESSING, seconds_ago=300)
    state = render_progress(render, render.submitted_at + timedelta(seconds=300), known=KNOWN)
    assert state.fraction == 0.95
    assert state.late
    assert state.eta_words == "Taking longer than usual"


def test_the_fraction_never_goes_back_from_step_to_step_and_is_full_only_when_done(
    make_render,
):
    render = in_flight(make_render(), RenderStatus.SUBMITTED, seconds_ago=0)
    start = render.submitted_at
    seen = []
    for second, status in [(1, "submitted"), (5, "processing"), (12, "processing"),
                           (14, "archiving"), (20, "archiving"), (90, "archiving")]:  # fmt: skip
        render.status = status
        seen.append(render_progress(render, start + timedelta(seconds=second), known=KNOWN))
    fractions = [s.fraction for s in seen]
    assert fractions == sorted(fractions)
    assert max(fractions) <= 0.95
    # Saving starts at least where Kling's part of the estimate ends.
    assert seen[3].fraction >= 30 / 40
    words = [s.words for s in seen][::2]
    assert words == ["Sent to Kling", "Rendering at Kling", "Saving the video"]
    render.status = RenderStatus.DONE
    assert render_progress(render, known=KNOWN).fraction == 1.0


def test_a_held_render_has_no_bar(make_render):
    render = make_render()
    Render.objects.filter(pk=render.pk).update(status=RenderStatus.HELD)
    render.refresh_from_db()
    state = render_progress(render, known=KNOWN)
    assert (state.step, state.fraction, state.eta_words) == ("held", 0, "")


# --- Cards and pages -------------------------------------------------------------


def test_a_cards_json_carries_its_progress(make_render):
    render = in_flight(make_render(), RenderStatus.PROCESSING, seconds_ago=10)
    data = card_json(render, known=KNOWN)["progress"]
    assert set(data) == {
        *("step", "words", "fraction", "estimate", "started", "created", "now"),
        *("late", "eta", "basis", "elapsed"),
    }
    assert data["step"] == "rendering"
    assert data["estimate"] == 40
    assert data["started"] == int(render.submitted_at.timestamp() * 1000)
    assert 0.2 < data["fraction"] < 0.3
    assert data["elapsed"].endswith(" s")
    assert data["now"] >= data["started"]


def test_the_status_endpoint_sends_each_renders_progress(client, alice, project, make_render):
    render = in_flight(make_render(), RenderStatus.PROCESSING, seconds_ago=5)
    login_as(client, alice)
    data = client.get(f"/projects/{project.code}/renders.json", {"code": [str(render.code)]})
    assert data.json()["renders"][0]["progress"]["words"] == "Rendering at Kling"


def _cards_with_bars(html):
    return len(re.findall(r"<progress max=\"1\" value=\"0\.\d{4}\"", html))


def _gallery(client, project, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/projects/{project.code}/", query)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_gallery_makes_as_many_queries_for_60_renders_in_flight_as_for_4(
    client, alice, project, portrait, voiceover
):
    finished_videos(project, portrait, voiceover, [3] * 5)
    statuses = [
        RenderStatus.QUEUED,
        RenderStatus.SUBMITTED,
        RenderStatus.PROCESSING,
        RenderStatus.ARCHIVING,
    ]

    def add(count):
        for status in statuses:
            bulk_renders(project, portrait, None, count, status=status, submitted_at=timezone.now())

    login_as(client, alice)
    add(1)
    _gallery(client, project)  # warm the session and the content types
    progress.forget_history()
    html, few = _gallery(client, project)
    assert _cards_with_bars(html) == 4
    add(15)
    progress.forget_history()
    html, many = _gallery(client, project)
    assert _cards_with_bars(html) == 24  # a page of cards, every one in flight
    assert few == many


def test_the_batch_view_shows_each_renders_progress(client, alice, project, portrait, voiceover):
    batch = RenderBatch.objects.create(project=project, label="Spring faces")
    bulk_renders(project, portrait, voiceover, 3, batch=batch, status=RenderStatus.PROCESSING,
                 submitted_at=timezone.now())  # fmt: skip
    bulk_renders(project, portrait, voiceover, 2, status=RenderStatus.PROCESSING)
    login_as(client, alice)
    html, _ = _gallery(client, project, batch=str(batch.code))
    assert _cards_with_bars(html) == 3
    assert html.count("data-progress-words>Rendering at Kling<") == 3


def test_the_render_page_shows_the_step_the_estimate_and_what_it_is_based_on(
    client, alice, make_render
):
    render = in_flight(make_render(), RenderStatus.PROCESSING, seconds_ago=3)
    login_as(client, alice)
    html = client.get(render.get_absolute_url()).content.decode()
    assert "Rendering at Kling" in html
    assert _cards_with_bars(html) == 1
    assert "A first guess: fewer than 5 Standard videos have been made here yet." in html
    assert re.search(r"Ready in about \d+ (seconds|minutes?)", html)
    # The header says "just now", never "0 seconds ago", and ticks in the browser.
    header = r"<time datetime=\"[^\"]+\" data-ago data-now=\"[^\"]+\">just now</time>"
    assert re.search(header, html)


def test_a_finished_render_has_no_progress_line(client, alice, project, portrait, voiceover):
    finished_videos(project, portrait, voiceover, [3])
    login_as(client, alice)
    html, _ = _gallery(client, project)
    assert "data-progress" not in html
