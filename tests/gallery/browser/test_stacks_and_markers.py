"""Comment markers on the player's timeline, and a gallery of version
stacks, in a real Chromium under the site's own CSP."""

from pathlib import Path

import pytest

from projects.models import Render, RenderStatus, ReviewState
from projects.renders.services import render_again
from projects.reviews.services import comment_add
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in
from tests.gallery.conftest import finish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAYER = "document.querySelector('[data-player]')"
# Screenshots to look at, besides the usual test artifacts.
SHOTS = Path("/tmp/shots")

# Noted before any of the page's scripts run: every CSP violation.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def strict_page(browser):
    """A page that keeps the site's CSP (no bypass): the probes below use
    page.evaluate and locators only, which the CSP does not block."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.console_messages = console
    yield page
    context.close()


def save(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def poll(page, expression, timeout=10_000):
    """Wait until ``expression`` is true, evaluating it (not compiling a
    function, which the CSP's script-src would refuse)."""
    waited = 0
    while not page.evaluate(expression):
        assert waited < timeout, f"still false after {timeout} ms: {expression}"
        page.wait_for_timeout(100)
        waited += 100


def no_csp_violations(page):
    assert page.evaluate("window.__csp") == []
    assert not [m for m in page.console_messages if "Content Security Policy" in m]


def test_comment_markers_sit_on_the_timeline_and_seek_the_player(
    live_server, strict_page, alice, bob, make_render, with_video
):
    page = strict_page
    first = finish(make_render(prompt="smiles"))
    render = with_video(finish(render_again(render=first, created_by=alice), duration=4.0))
    comment_add(render=render, author=bob, body="Blink here, please.", at_seconds=2.5)
    comment_add(render=render, author=alice, body="Smile at the start.", at_seconds=0.5)
    comment_add(render=render, author=alice, body="On the whole video, nice.")
    log_in(page, live_server.url, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/renders/{render.code}/")

    strip = page.get_by_role("group", name="Comments on the timeline")
    strip.wait_for()
    markers = strip.get_by_role("button")
    assert markers.count() == 2  # one per comment with a moment
    bob_marker = page.get_by_role("button", name="Comment at 0:02 by Bob: Blink here, please.")
    alice_marker = page.get_by_role("button", name="Comment at 0:00 by Alice: Smile at the start.")
    # Placed along the strip at their moment's share of the video.
    box = strip.bounding_box()
    for marker, at in ((bob_marker, 2.5), (alice_marker, 0.5)):
        mark = marker.bounding_box()
        centre = (mark["x"] + mark["width"] / 2 - box["x"]) / box["width"]
        assert abs(centre - at / 4.0) < 0.02
    assert page.evaluate(f"{PLAYER}.readyState") == 0  # nothing loaded before asked
    save(page, "stacks-render-1280")

    # Keyboard: focus reaches the marker, and Enter seeks there and plays.
    alice_marker.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Comment at 0:02 by Bob: Blink here, please."
    )
    page.keyboard.press("Enter")
    poll(page, f"{PLAYER}.currentTime >= 2.5 && !{PLAYER}.paused")

    # A click seeks too.
    page.evaluate(f"{PLAYER}.pause()")
    alice_marker.click()
    poll(page, f"{PLAYER}.currentTime >= 0.5 && {PLAYER}.currentTime < 2.0 && !{PLAYER}.paused")
    no_csp_violations(page)


def test_a_new_comment_gets_its_marker_without_reloading(
    live_server, strict_page, alice, bob, make_render, with_video
):
    page = strict_page
    render = with_video(finish(make_render(), duration=4.0))
    log_in(page, live_server.url, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/renders/{render.code}/")
    strip = page.locator("[data-markers]")
    assert strip.is_hidden()  # no moment yet, no strip
    comment_add(render=render, author=bob, body="Here.", at_seconds=3.0)
    page.get_by_role("button", name="Comment at 0:03 by Bob: Here.").wait_for()
    assert strip.is_visible()
    no_csp_violations(page)


def test_the_gallery_shows_one_card_per_stack_and_follows_its_version_on_its_way(
    live_server, strict_page, alice, make_render, with_video, browser
):
    page = strict_page
    # An approved first version with a second on its way, a stack of three,
    # and a render made once.
    approved = with_video(finish(make_render(prompt="smiles"), duration=4.0))
    Render.objects.filter(pk=approved.pk).update(
        review_state=ReviewState.APPROVED, title="Anna — spring offer"
    )
    on_its_way = render_again(render=approved, created_by=alice, prompt="waves")
    Render.objects.filter(pk=on_its_way.pk).update(status=RenderStatus.PROCESSING)
    other = with_video(finish(make_render(prompt="nods"), duration=4.0))
    for prompt in ("nods more", "nods less"):
        with_video(finish(render_again(render=other, created_by=alice, prompt=prompt)))
    with_video(finish(make_render(prompt="once")))
    log_in(page, live_server.url, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/projects/{approved.project.code}/")

    cards = page.locator("li.card-video")
    assert cards.count() == 3
    card = page.locator(f'li.card-video[data-render="{approved.code}"]')
    assert "2 versions" in card.inner_text()
    line = card.locator("[data-version-line]")
    assert line.inner_text().strip() == "Version 2: Rendering"
    assert "3 versions" in page.locator("li.card-video").nth(1).inner_text()
    save(page, "stacks-gallery-1280")

    # The version on its way finishes: its line on the card follows.
    finish(on_its_way)
    poll(page, "document.querySelector('[data-version-line]').textContent.includes('Done')")
    no_csp_violations(page)

    narrow = browser.new_context(viewport={"width": 390, "height": 844})
    small = narrow.new_page()
    log_in(small, live_server.url, "alice@example.org", PASSWORD)
    small.goto(f"{live_server.url}/projects/{approved.project.code}/#gallery")
    save(small, "stacks-gallery-390")
    narrow.close()
