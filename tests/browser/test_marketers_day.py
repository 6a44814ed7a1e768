"""A marketer's day, in a real browser, with a real worker and the sandbox."""

import pytest
from PIL import Image

from projects.models import Asset, Render, RenderStatus
from tests.browser.conftest import SAMPLES, drop_files
from tests.pipeline.conftest import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "spring launch 2026!"


def sign_up(page, base, name, email):
    page.goto(f"{base}/signup/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Work e-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{base}/")


def test_a_marketers_day(live_server, qcluster, studio_sandbox, new_page, shot, tmp_path):
    studio_sandbox.configure(task_min_seconds=4, task_max_seconds=5, processing_after=0.3)
    qcluster()
    base = live_server.url
    page = new_page()

    # 1. Sign up, create a project.
    sign_up(page, base, "Dana Marketer", "dana@example.org")
    shot(page, "projects-empty")
    page.get_by_role("link", name="Create your first project").click()
    page.get_by_label("Project name").fill("Spring launch")
    page.get_by_label("What is this campaign about?").fill("Launch video for the spring line.")
    shot(page, "project-new")
    page.get_by_role("button", name="Create project").click()
    page.get_by_role("heading", name="Spring launch").wait_for()
    shot(page, "project-empty")

    # 2. Drag and drop a portrait and a voiceover: previews and progress bars.
    drop_files(
        page, ".dropzone", [SAMPLES / "portrait-astronaut.png", SAMPLES / "voiceover-en.mp3"]
    )
    uploads = page.locator(".upload")
    assert uploads.count() == 2
    assert page.locator(".upload progress").count() == 2
    page.locator(".upload__preview img").wait_for()
    page.locator(".upload__preview audio").wait_for()
    page.locator(".upload--ok").nth(1).wait_for()
    assert "Ready" in uploads.nth(0).inner_text() and "Ready" in uploads.nth(1).inner_text()
    assert [p.get_attribute("value") for p in page.locator(".upload progress").all()] == ["100"] * 2
    shot(page, "project-uploaded")
    assert Asset.objects.count() == 2

    # 3. A photo that is too small: a plain refusal, nothing uploaded.
    small = tmp_path / "tiny-headshot.png"
    Image.new("RGB", (280, 420), (200, 150, 120)).save(small)
    drop_files(page, ".dropzone", [small])
    refusal = page.locator(".upload--refused")
    refusal.wait_for()
    assert "280 × 420 pixels; Kling needs at least 300 pixels on each side" in refusal.inner_text()
    shot(page, "project-refused")
    assert Asset.objects.count() == 2

    # 4. Make a video; watch its card go from queued to done without reloading.
    page.evaluate("window.__noReload = true")
    page.get_by_label("Direction for the avatar").fill("Smiles warmly and nods.")
    assert "2500" in page.locator(".counter").inner_text()
    assert "units" in page.locator("[data-estimate]").inner_text()
    page.get_by_role("button", name="Make video").click()
    card = page.locator(".card-video").first
    card.wait_for()
    assert card.locator("[data-status]").inner_text() in ("Queued", "Rendering")
    shot(page, "gallery-queued")
    page.evaluate("window.__noReload = true")
    card.locator("[data-status]", has_text="Done").wait_for(timeout=90_000)
    assert page.evaluate("window.__noReload") is True, "the page reloaded"
    assert card.locator("img[data-poster]").get_attribute("src").endswith("/poster/")
    shot(page, "gallery-done")
    render = Render.objects.get()
    assert render.status == RenderStatus.DONE

    card.locator("a.card-video__media").click()
    video = page.locator("video[data-player]")
    video.wait_for()
    assert video.get_attribute("preload") == "none"
    page.evaluate("document.querySelector('video[data-player]').muted = true")
    page.evaluate("document.querySelector('video[data-player]').play()")
    # Polled with evaluate(): wait_for_function() evaluates its string inside the
    # page, which the Content-Security-Policy (no 'unsafe-eval') refuses.
    wait_for(
        lambda: page.evaluate("document.querySelector('video[data-player]').currentTime") > 0.5,
        timeout=20,
        message="the video to play",
    )
    shot(page, "render-playing")
