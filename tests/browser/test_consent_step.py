"""The consent step in a browser: a new portrait's row says it has no consent
yet and links to "Who is in this photo?"; a refusal says why beside the
field; once recorded, the person is back on the project page and the portrait
can be picked. The pictures of the step at a desktop width and on a 390 px
phone are written to the test's artifacts (docs/screenshots holds copies)."""

from pathlib import Path

import pytest

from projects.models import PortraitConsent
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLES = Path(__file__).resolve().parents[2] / "projects" / "demo"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_new_portrait_goes_through_the_consent_step(
    live_server, new_page, alice, project, artifacts, width
):
    page = new_page(width=width, height=900)
    log_in(page, live_server.url, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/projects/{project.code}/")
    page.locator("#upload-input").set_input_files(str(SAMPLES / "portrait-astronaut.png"))
    row = page.locator(".upload--ok")
    row.wait_for()
    assert "No consent yet" in row.inner_text()
    row.get_by_role("link", name="Who is in this photo?").click()

    page.get_by_role("heading", name="Who is in this photo?").wait_for()
    page.get_by_label("Name of the person in the photo").fill("Eileen Collins")
    page.get_by_role("button", name="Record consent").click()
    alert = page.locator(".flash--warning[role=alert]")
    alert.wait_for()
    assert "Tick the box to confirm that the person agreed." in alert.inner_text()
    assert not PortraitConsent.objects.exists()
    page.get_by_label("I confirm this person agreed").check()
    suffix = "" if width > 500 else "-390"
    page.screenshot(path=str(artifacts / f"consent-step{suffix}.png"), full_page=True)

    page.get_by_role("button", name="Record consent").click()
    page.locator(".flash", has_text="Consent recorded").wait_for()
    assert page.url.endswith(f"/projects/{project.code}/")
    consent = PortraitConsent.objects.get()
    assert (consent.person_name, consent.confirmed_by) == ("Eileen Collins", alice)
    pick = page.locator("label.pick--portrait")
    assert "No consent yet" not in pick.inner_text()
    assert page.locator("[data-needs-consent]").count() == 0
