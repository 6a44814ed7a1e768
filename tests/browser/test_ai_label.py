"""The "AI-generated" label and "Download with…" in a real browser: the
label shows over each shared video at desktop and phone widths, an owner
turns it off only after confirming, and the render page follows a download
being made without reloading (screenshots in test-artifacts/screenshots)."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from projects import tasks
from projects.models import VideoExport
from projects.sharing.services import sharelink_create
from tests.browser.test_accessibility import report, serve_axe, violations
from tests.conftest import PASSWORD
from tests.exports.conftest import real_video  # noqa: F401  (a real MP4)
from tests.gallery.browser.conftest import log_in
from tests.sharing.conftest import done_render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def room(project, alice):
    takes = [
        done_render(project, alice, title=title)
        for title in ("Astronaut — Spring EN", "CEO — Summer sale teaser")
    ]
    link, token = sharelink_create(
        project=project, created_by=alice, label="ACME marketing team", renders=takes
    )
    return link, token, takes


def inside(inner, outer):
    return (
        outer["x"] <= inner["x"]
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"]
        and outer["y"] <= inner["y"]
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"]
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_label_is_over_every_shared_video(live_server, new_page, room, shot, width):
    _, token, takes = room
    page = new_page(width, 1100 if width > 600 else 900)
    serve_axe(page, live_server.url)
    page.goto(f"{live_server.url}/s/{token}/")
    assert not (found := violations(page)), report({page.url: found})
    first = page.locator(".shared-video").first
    over = first.locator(".ai-label__over")
    assert over.is_visible() and over.inner_text() == "AI-generated"
    assert inside(over.bounding_box(), first.locator("video").bounding_box())
    badge = first.locator(".ai-label")
    assert badge.is_visible()
    assert "This video was made with AI from a photo and a voice." in badge.inner_text()
    assert page.locator(".ai-label").count() == len(takes)
    name = "share-link-ai-label" + ("" if width > 600 else "-390")
    shot(page, name)
    # The picture the docs show (kept in the repository; the test refreshes it).
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / f"{name}.png"), full_page=False)


def test_an_owner_turns_it_off_only_after_confirming(live_server, new_page, alice, room, shot):
    link, token, _ = room
    base = live_server.url
    page = new_page(1280, 1000)
    serve_axe(page, base)
    log_in(page, base, "alice@example.org", PASSWORD)
    page.goto(f"{base}/shares/{link.code}/")
    box = page.get_by_label("Show the “AI-generated” label")
    assert box.is_checked()
    assert "EU AI Act" in page.locator("[data-ai-label-setting]").inner_text()
    box.uncheck()
    page.get_by_role("button", name="Save settings").click()
    # Refused (400): the page again, the reason beside the boxes.
    page.get_by_text("To turn the label off, also tick “I understand”").wait_for()
    link.refresh_from_db()
    assert link.ai_label is True
    assert not (found := violations(page)), report({page.url: found})
    shot(page, "link-ai-label-confirm")
    page.get_by_label("Show the “AI-generated” label").uncheck()
    page.get_by_label("I understand", exact=False).check()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Saved.").wait_for()
    link.refresh_from_db()
    assert link.ai_label is False
    page.goto(f"{base}/s/{token}/")
    assert page.locator(".ai-label, .ai-label__over").count() == 0


def test_the_render_page_follows_a_download_being_made(
    live_server,
    new_page,
    alice,
    project,
    shot,
    real_video,  # noqa: F811
):
    render = done_render(project, alice, title="Astronaut — Spring EN", watermarked=False)
    render.video.save("video.mp4", ContentFile(real_video), save=True)
    base = live_server.url
    page = new_page(1280, 1000)
    serve_axe(page, base)
    log_in(page, base, "alice@example.org", PASSWORD)
    page.goto(f"{base}{render.get_absolute_url()}")
    page.get_by_label("“AI-generated” label in a corner").check()
    page.get_by_label("Words of the label").fill("Made with AI")
    page.get_by_role("button", name="Prepare download").click()
    row = page.locator("[data-export]").first
    assert "Waiting for its turn" in row.inner_text()
    export = VideoExport.objects.get(render=render)
    assert export.label_text == "Made with AI"
    # The worker makes it (here, in the test's own process); the page sees it.
    assert tasks.make_export(export.pk) == "ready"
    link = row.get_by_role("link", name="Download")
    link.wait_for(state="visible", timeout=15_000)
    assert "Ready to download." in row.inner_text()
    assert not (found := violations(page)), report({page.url: found})
    shot(page, "render-download-with-label")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Astronaut — Spring EN (AI label).mp4"
