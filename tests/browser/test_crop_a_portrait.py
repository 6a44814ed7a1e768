"""The crop step in a real browser (issue #13, "Crop instead of refuse"): a
panorama dropped on the upload panel opens a frame kept within Kling's aspect
ratios; the person adjusts it and confirms, the browser sends the original
with the frame, and the server keeps the cropped photo. No step of it breaks
the Content-Security-Policy."""

import re

import pytest
from PIL import ExifTags, Image

from projects.media.portrait import PORTRAIT
from projects.models import Asset
from tests.browser.conftest import drop_files
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in
from tests.pipeline.conftest import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""
FRAME = re.compile(r"Frame: (\d+) × (\d+) pixels")
BLUE, SKIN, RED = (40, 90, 160), (230, 190, 160), (200, 40, 40)


@pytest.fixture
def project_page(live_server, new_page, alice, project):
    """The project's page, logged in, recording policy violations and errors."""
    page = new_page()
    page.add_init_script(CATCH_VIOLATIONS)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, live_server.url, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/projects/{project.code}/")
    page.problems = problems
    return page


def violations(page):
    return page.evaluate("window.__cspViolations")


def frame_size(page):
    width, height = FRAME.search(page.locator(".crop__size").inner_text()).groups()
    return int(width), int(height)


def drag(page, selector, dx, dy=0):
    """Drag an element of the crop step by (dx, dy) pixels of the page, as a mouse would."""
    page.locator(".crop__area").scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=8)
    page.mouse.up()


def test_a_panorama_is_cropped_in_the_browser_and_accepted(project_page, shot, tmp_path):
    page = project_page
    panorama = tmp_path / "beach-panorama.png"
    image = Image.new("RGB", (3000, 800), BLUE)
    image.paste(SKIN, (1000, 0, 2000, 800))
    image.save(panorama)

    drop_files(page, ".dropzone", [panorama])
    step = page.locator(".crop[data-ready]")
    step.wait_for()
    assert "3000 × 800 pixels, 3.75 times as wide as tall" in step.inner_text()
    # Opened at the nearest allowed ratio, 2.5:1, as large as fits, centred.
    assert frame_size(page) == (2000, 800)
    assert step.get_by_role("button", name="Upload the whole photo").count() == 0
    shot(page, "crop-step-panorama")

    # Dragged wider than 2.5:1, the frame stops at 2.5:1.
    drag(page, ".cropper-point.point-e", 200)
    width, height = frame_size(page)
    assert PORTRAIT.shape_ok(width, height) and width / height > 2.45
    shown = page.locator(".cropper-crop-box").bounding_box()
    assert shown["width"] <= shown["height"] * 2.5 + 1  # as drawn, not only as sent
    # Narrowed from the left: any shape within the range is the person's choice.
    crop_box = page.locator(".cropper-crop-box").bounding_box()
    drag(page, ".cropper-point.point-w", crop_box["width"] * 0.45)
    width, height = frame_size(page)
    assert height == 800 and 900 < width < 1500
    # A narrower window redraws the crop step around the same frame.
    area_width = page.locator(".crop__area").bounding_box()["width"]
    page.set_viewport_size({"width": 900, "height": 900})
    page.wait_for_timeout(400)
    step.wait_for()
    assert page.locator(".crop__area").bounding_box()["width"] != area_width
    assert frame_size(page) == (width, height)
    # A window tiny for a moment (as a full-page screenshot makes it) changes nothing.
    page.set_viewport_size({"width": 1, "height": 1})
    page.set_viewport_size({"width": 900, "height": 900})
    page.wait_for_timeout(400)
    assert frame_size(page) == (width, height)
    area = page.locator(".crop__area").bounding_box()
    assert page.locator(".cropper-canvas").bounding_box()["width"] <= area["width"] + 1
    shot(page, "crop-step-narrowed")

    step.get_by_role("button", name="Crop and upload").click()
    page.locator(".upload--ok").wait_for()
    row = page.locator(".upload").first
    assert f"We cropped it to {width} × {height} pixels as you chose." in row.inner_text()
    assert page.locator(".crop").count() == 0
    asset = Asset.objects.get()
    assert (asset.width, asset.height) == (width, height)
    assert PORTRAIT.shape_ok(asset.width, asset.height)
    # The thumbnail shows what was kept, from the server.
    assert row.locator(".upload__preview img").get_attribute("src") == asset.get_absolute_url()
    wait_for(
        lambda: page.evaluate("document.querySelector('.upload__preview img').naturalWidth"),
        timeout=10,
        message="the cropped thumbnail",
    )
    assert row.locator(".upload__meta").inner_text().startswith("3000 × 800 pixels, ")
    with asset.file.open("rb") as stored, Image.open(stored) as kept:
        assert kept.size == (width, height)
        # From about x = 1400 (the middle band) to 2500 (the blue right band).
        assert (kept.getpixel((0, 400)), kept.getpixel((width - 1, 400))) == (SKIN, BLUE)
    shot(page, "crop-accepted")
    assert violations(page) == [] and page.problems == []


def test_a_sideways_photo_is_framed_as_it_is_seen(project_page, shot, tmp_path):
    # Stored 3000 wide and 800 high, left half red, right half blue; EXIF
    # orientation 6 shows it 800 wide and 3000 high: red above, blue below.
    page = project_page
    stored = Image.new("RGB", (3000, 800), RED)
    stored.paste(BLUE, (1500, 0, 3000, 800))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    path = tmp_path / "phone-strip.jpg"
    stored.save(path, "JPEG", quality=92, exif=exif)

    drop_files(page, ".dropzone", [path])
    page.locator(".crop[data-ready]").wait_for()
    assert "800 × 3000 pixels, 3.75 times as tall as wide" in page.locator(".crop").inner_text()
    assert frame_size(page) == (800, 2000)  # 1:2.5, centred: rows 500 to 2500
    crop_box = page.locator(".cropper-crop-box").bounding_box()
    assert crop_box["height"] > crop_box["width"] * 2.4  # drawn upright, as the browser shows it
    shot(page, "crop-step-sideways")
    page.get_by_role("button", name="Crop and upload").click()
    page.locator(".upload--ok").wait_for()
    asset = Asset.objects.get()
    assert (asset.width, asset.height) == (800, 2000)
    with asset.file.open("rb") as kept_file, Image.open(kept_file) as kept:
        top, bottom = kept.getpixel((400, 200)), kept.getpixel((400, 1800))
    assert abs(top[0] - RED[0]) < 20 and abs(bottom[2] - BLUE[2]) < 20
    assert violations(page) == [] and page.problems == []


def test_a_large_photo_may_be_sent_whole_and_a_crop_may_be_cancelled(project_page, shot, tmp_path):
    page = project_page
    large = tmp_path / "conference-hall.png"
    Image.new("RGB", (4200, 2800), SKIN).save(large)
    drop_files(page, ".dropzone", [large])
    step = page.locator(".crop[data-ready]")
    step.wait_for()
    assert frame_size(page) == (4200, 2800)  # the whole photo, to start with
    assert "much larger than a video needs" in step.inner_text()
    shot(page, "crop-offer-large")
    step.get_by_role("button", name="Upload the whole photo").click()
    page.locator(".upload--ok").wait_for()
    assert (Asset.objects.get().width, Asset.objects.get().height) == (4200, 2800)

    tall = tmp_path / "banner.png"
    Image.new("RGB", (400, 1200), BLUE).save(tall)
    drop_files(page, ".dropzone", [tall])
    page.locator(".crop[data-ready]").wait_for()
    page.get_by_role("button", name="Cancel").click()
    refused = page.locator(".upload--refused")
    refused.wait_for()
    assert "Not uploaded: you cancelled the crop." in refused.inner_text()
    assert Asset.objects.count() == 1
    assert violations(page) == [] and page.problems == []


def test_without_the_cropper_the_refusal_stays(live_server, new_page, alice, project, tmp_path):
    page = new_page()
    page.route("**/cropper.min.js", lambda route: route.abort())
    log_in(page, live_server.url, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/projects/{project.code}/")
    panorama = tmp_path / "wide.png"
    Image.new("RGB", (3000, 800), BLUE).save(panorama)
    drop_files(page, ".dropzone", [panorama])
    refused = page.locator(".upload--refused")
    refused.wait_for()
    assert "3.75 times as wide as tall; Kling accepts at most 2.5 times" in refused.inner_text()
    assert page.locator(".crop").count() == 0 and not Asset.objects.exists()
