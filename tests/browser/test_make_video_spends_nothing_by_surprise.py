"""The make-video form in a real browser, after several uploads: nothing is
ticked until the person asks, a file uploaded again adds no second tile, the
button names the count and the cost, the direction is counted and never cut,
and six videos wait for a confirmation before they are queued."""

import shutil

import pytest
from PIL import Image

from projects.models import Asset, AssetKind, Render
from projects.renders.plan import plan_for
from tests.browser.conftest import drop_files
from tests.conftest import PASSWORD
from tests.factories import give_consent, mp3_path
from tests.gallery.browser.conftest import log_in
from tests.pipeline.conftest import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def files(tmp_path):
    faces = []
    for name, colour in [("anna.png", (200, 120, 90)), ("ben.png", (90, 140, 210))]:
        Image.new("RGB", (600, 600), colour).save(tmp_path / name)
        faces.append(tmp_path / name)
    voices = []
    for i, seconds in enumerate([2.5, 3.5, 4.5]):
        voices.append(tmp_path / f"offer-{i + 1}.mp3")
        shutil.copy(mp3_path(seconds, 300 + 100 * i), voices[-1])
    return faces, voices


def test_six_videos_are_named_priced_and_confirmed_before_they_are_queued(
    live_server, new_page, shot, settings, alice, project, files, enqueued
):
    settings.KLING_USES_SANDBOX = False  # with a price, to read money on the button
    settings.PRICE_PER_UNIT = "0.25"
    faces, voices = files
    page = new_page()
    log_in(page, live_server.url, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/projects/{project.code}/")
    button = page.locator("[data-render-submit]")
    rows = page.locator(".upload")

    # Five uploads: five tiles, none of them ticked.
    drop_files(page, ".dropzone", [*faces, *voices])
    wait_for(lambda: page.locator(".upload--ok").count() == 5, timeout=60, message="5 uploads")
    assert page.locator("[data-picker] .pick").count() == 5
    assert page.locator("[data-render-form] input[type=checkbox]:checked").count() == 0
    assert button.inner_text() == "Make video"

    # The same photo again: the upload says so, and no second tile appears.
    drop_files(page, ".dropzone", [faces[0]])
    wait_for(lambda: page.locator(".upload--ok").count() == 6, timeout=30, message="a 6th row")
    assert "reused the earlier copy" in rows.first.inner_text()
    assert page.locator("[data-picker=portrait] .pick").count() == 2
    assert Asset.objects.count() == 5
    # Each new portrait's row asks who is in it; their consent is recorded as
    # the consent step would (tests/browser/test_consent_step.py goes through it).
    ask = rows.filter(has_text="ben.png").get_by_role("link", name="Who is in this photo?")
    assert ask.count() == 1
    for portrait in Asset.objects.filter(kind=AssetKind.PORTRAIT):
        give_consent(portrait)

    # The person picks: "Use for a new video" on the rows (the re-upload's
    # row ticks the tile that was already there).
    rows.first.get_by_role("button", name="Use for a new video").click()
    for name in ["ben.png", "offer-1.mp3", "offer-2.mp3", "offer-3.mp3"]:
        rows.filter(has_text=name).get_by_role("button", name="Use for a new video").click()
    assert page.locator("input[name=portraits]:checked").count() == 2
    assert page.locator("input[name=voiceovers]:checked").count() == 3
    assert rows.first.get_by_role("button").get_attribute("aria-pressed") == "true"

    # The button says what one click makes, as the server counts it.
    expected = plan_for(
        portraits=Asset.objects.filter(kind=AssetKind.PORTRAIT),
        voiceovers=Asset.objects.filter(kind=AssetKind.VOICEOVER).order_by("pk"),
        script="",
        mode="std",
    )
    assert expected.count == 6 and "(≈ €" in expected.button
    assert button.inner_text() == expected.button

    # The direction: a warning near the limit, never cut over it.
    direction = page.get_by_label("Direction for the avatar")
    counter = page.locator("[data-counter-for=id_prompt]")
    direction.fill("a" * 2300)
    assert counter.inner_text() == "200 characters left"
    direction.fill("a" * 2620)
    assert counter.inner_text() == "120 characters too many"
    assert len(direction.input_value()) == 2620
    button.click()  # refused in the page: nothing asked, nothing sent
    assert page.locator("[data-confirm-spend]").is_hidden()
    assert page.evaluate("document.activeElement.id") == "id_prompt"
    assert page.locator(".field:has(#id_prompt).field--error").count() == 1
    direction.fill("Smiles warmly, nods, slow zoom in.")
    assert counter.inner_text() == "34 / 2500"
    assert page.locator(".field:has(#id_prompt).field--error").count() == 0
    shot(page, "make-video-form")

    # Above the threshold: a confirmation naming count and cost, nothing queued yet.
    button.click()
    panel = page.locator("[data-confirm-spend]")
    panel.wait_for()
    question = f"Make 6 videos for {expected.cost}?"
    assert panel.locator("[data-confirm-question]").inner_text() == question
    shot(page, "make-video-confirm")
    assert not Render.objects.exists()

    # Changing a tick withdraws the question; asking again names the new count.
    page.locator("input[name=voiceovers]").first.uncheck()
    assert panel.is_hidden()
    page.locator("input[name=voiceovers]").first.check()
    button.click()
    panel.get_by_role("button", name="Yes, make 6 videos").click()
    page.get_by_text("6 videos are queued").wait_for()
    assert Render.objects.count() == 6
    assert len(enqueued) == 6
    assert {r.prompt for r in Render.objects.all()} == {"Smiles warmly, nods, slow zoom in."}
