"""What the render page's and the comparison's scripts do in a browser."""

import pytest

from projects.models import Comment
from projects.renders.services import render_again
from projects.reviews.services import comment_add
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in
from tests.gallery.conftest import finish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAYER = "document.querySelector('[data-player]')"
BOTH = "[...document.querySelectorAll('[data-compare-video]')]"


def test_a_pinned_comment_seeks_the_player_there_and_plays(
    live_server, page, alice, bob, make_render, with_video
):
    render = with_video(finish(make_render(), duration=4.0))
    comment_add(render=render, author=bob, body="Blink here.", at_seconds=2.5)
    log_in(page, live_server.url, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/renders/{render.code}/")
    assert page.evaluate(f"{PLAYER}.readyState") == 0  # nothing loaded before asked
    page.get_by_role("button", name="Play the video at 0:02").click()
    page.wait_for_function(f"{PLAYER}.currentTime >= 2.5 && !{PLAYER}.paused")


def test_pin_to_current_time_fills_the_moment_from_the_player(
    live_server, page, alice, make_render, with_video
):
    render = with_video(finish(make_render(), duration=4.0))
    log_in(page, live_server.url, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/renders/{render.code}/")
    page.evaluate(f"{PLAYER}.preload = 'auto'; {PLAYER}.load()")
    page.wait_for_function(f"{PLAYER}.readyState >= 1")
    page.evaluate(f"{PLAYER}.currentTime = 1.5")
    page.wait_for_function(f"!{PLAYER}.seeking")
    page.get_by_role("button", name="Pin to current time").click()
    assert page.get_by_label("At moment").input_value() == "0:01.5"
    page.get_by_label("Your comment").fill("The smile starts here.")
    page.get_by_role("button", name="Add comment").click()
    page.get_by_role("button", name="Play the video at 0:01").wait_for()
    assert Comment.objects.get().at_seconds == 1.5


def test_one_control_plays_pauses_and_seeks_both_versions_together(
    live_server, page, alice, make_render, with_video
):
    first = with_video(finish(make_render(), duration=4.0))
    second = with_video(finish(render_again(render=first, created_by=alice), duration=4.0))
    log_in(page, live_server.url, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/renders/{first.code}/compare/{second.code}/")
    assert page.evaluate(f"{BOTH}.map(v => v.controls)") == [False, False]

    page.get_by_role("button", name="Play both").click()
    page.wait_for_function(f"{BOTH}.every(v => !v.paused && v.currentTime > 0.8)")
    times = page.evaluate(f"{BOTH}.map(v => v.currentTime)")
    assert abs(times[0] - times[1]) < 0.15
    # Only one soundtrack at a time.
    assert page.evaluate(f"{BOTH}.map(v => v.muted)") == [False, True]

    # A follower that drifts is pulled back.
    page.evaluate(f"{BOTH}[1].currentTime = Math.max(0, {BOTH}[0].currentTime - 1)")
    page.wait_for_timeout(400)
    times = page.evaluate(f"{BOTH}.map(v => v.currentTime)")
    assert abs(times[0] - times[1]) < 0.15

    page.get_by_role("button", name="Pause both").click()
    page.wait_for_function(f"{BOTH}.every(v => v.paused)")

    page.get_by_label("Position in both videos").fill("2.5")
    page.wait_for_function(f"{BOTH}.every(v => Math.abs(v.currentTime - 2.5) < 0.1)")
