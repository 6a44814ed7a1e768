"""Following a render in a real browser, with a real worker and the sandbox:
its progress bar moves forward while Kling renders, never goes back, and is
full once the video is saved; on the gallery card and on the render page."""

import contextlib
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from projects.models import Project, Render, RenderStatus
from projects.renders import progress
from projects.renders.services import render_create
from tests.conftest import PASSWORD
from tests.factories import portrait_asset, voiceover_asset
from tests.pipeline.conftest import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")

# Every card's progress bar and step, as the page shows them.
READ_BARS = """() => Array.from(document.querySelectorAll("[data-render]")).map(node => {
    const bar = node.querySelector("[data-progress-bar]");
    const words = node.querySelector("[data-progress-words]");
    const line = node.querySelector("[data-progress]");
    return {
        code: node.dataset.render,
        value: bar ? bar.value : null,
        words: words ? words.textContent : "",
        eta: line ? line.querySelector("[data-progress-eta]").textContent : "",
        elapsed: line ? line.querySelector("[data-progress-elapsed]").textContent : "",
        visible: line ? !line.hidden : false,
        status: node.dataset.status || "",
    };
})"""


def history(project, portrait, voiceover, *, ratio, count=5):
    """Finished videos that took ``ratio`` seconds per second of video at
    Kling and 2 seconds to save: what the estimate learns from."""
    now = timezone.now()
    for i in range(count):
        # Made directly: nothing for the worker to send.
        render = Render.objects.create(project=project, portrait=portrait, voiceover=voiceover)
        finished = now - timedelta(hours=1, minutes=i)
        made = finished - timedelta(seconds=2)
        Render.objects.filter(pk=render.pk).update(
            status=RenderStatus.DONE,
            duration=voiceover.duration,
            created=made - timedelta(seconds=ratio * voiceover.duration + 3),
            submitted_at=made - timedelta(seconds=ratio * voiceover.duration),
            provider_done_at=made,
            finished_at=finished,
        )


def log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def follow(page, code, *, until_done_within):
    """Read a render's bar every quarter second until it is full."""
    seen = []
    deadline = time.monotonic() + until_done_within
    while time.monotonic() < deadline:
        for bar in page.evaluate(READ_BARS):
            if bar["code"] == code and bar["value"] is not None:
                seen.append(bar)
        if seen and seen[-1]["value"] == 1:
            return seen
        time.sleep(0.25)
    raise AssertionError(f"the bar never filled: {seen[-5:]}")


def assert_moves_forward_only(seen):
    values = [s["value"] for s in seen]
    assert all(b >= a for a, b in zip(values, values[1:], strict=False)), values
    rendering = [s["value"] for s in seen if s["words"] in ("Sent to Kling", "Rendering at Kling")]
    # It advanced while Kling rendered: many different, growing values, not a jump.
    assert len(set(rendering)) >= 5, rendering
    assert max(rendering) <= 0.95


def test_a_renders_progress_bar_moves_forward_until_the_video_is_saved(
    live_server, qcluster, studio_sandbox, alice, team, new_page
):
    SHOTS.mkdir(exist_ok=True)
    project = Project.objects.create(team=team, name="Spring launch", created_by=alice)
    portrait = portrait_asset(team, project=project, label="anna.png")
    voiceover = voiceover_asset(team, project=project, seconds=3.0, label="spring-offer.mp3")
    # The estimate: 3 s of video at 5 s a second, then 2 s of saving: 17 s;
    # Kling takes 14-15 s, long enough to see the bar move under a busy CI.
    history(project, portrait, voiceover, ratio=5)
    progress.forget_history()
    studio_sandbox.configure(task_min_seconds=14, task_max_seconds=15, processing_after=0.1)
    qcluster()
    base = live_server.url

    # The gallery card.
    page = new_page(1280, 900)
    log_in(page, base, alice.email)
    render = render_create(project=project, created_by=alice, portrait=portrait,
                           voiceover=voiceover, prompt="Smiles and waves.")  # fmt: skip
    page.goto(f"{base}{project.get_absolute_url()}")
    code = str(render.code)
    card = page.locator(f'.card-video[data-render="{code}"]')
    card.locator("[data-progress-words]", has_text="Rendering at Kling").wait_for(timeout=30_000)
    time.sleep(2)
    card.scroll_into_view_if_needed()
    page.locator("#gallery").screenshot(path=str(SHOTS / "progress-card-1280.png"))
    seen = follow(page, code, until_done_within=90)
    assert_moves_forward_only(seen)
    assert any(s["eta"].startswith("Ready in about ") for s in seen)
    # The clock ticked between polls.
    assert len({s["elapsed"] for s in seen}) >= 5
    assert card.locator("[data-status]").inner_text() == "Done"
    assert card.locator("[data-progress-eta]").inner_text() == "Ready"
    assert Render.objects.get(pk=render.pk).status == RenderStatus.DONE

    # The render page, on a phone: the same bar, then the player.
    phone = new_page(390, 844)
    log_in(phone, base, alice.email)
    again = render_create(project=project, created_by=alice, portrait=portrait,
                          voiceover=voiceover, prompt="Nods, then smiles.")  # fmt: skip
    phone.goto(f"{base}{again.get_absolute_url()}")
    assert phone.locator("time[data-ago]").inner_text() == "just now"
    phone.locator("[data-progress-words]", has_text="Rendering at Kling").wait_for(timeout=30_000)
    time.sleep(2)
    phone.locator("[data-progress]").scroll_into_view_if_needed()
    phone.screenshot(path=str(SHOTS / "progress-render-390.png"), full_page=False)
    seen = []
    deadline = time.monotonic() + 90
    # The page reloads itself to show the player once the video is saved.
    while time.monotonic() < deadline and not phone.locator("video[data-player]").count():
        with contextlib.suppress(PlaywrightError):  # the page is reloading
            seen += [b for b in phone.evaluate(READ_BARS) if b["value"] is not None]
        time.sleep(0.25)
    phone.locator("video[data-player]").wait_for()
    assert_moves_forward_only(seen)
    wait_for(lambda: Render.objects.get(pk=again.pk).status == RenderStatus.DONE, timeout=10)
