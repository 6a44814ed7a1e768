"""After an upload, focus goes where the person is needed next, and a refusal
is announced (role="alert"): issue #16, "focus moved sensibly after uploads,
errors announced"."""

from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLES = Path(__file__).resolve().parents[2] / "projects" / "demo"


@pytest.fixture
def project_page(live_server, new_page, alice, project):
    page = new_page()
    log_in(page, live_server.url, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/projects/{project.code}/")
    return page


def focused(page):
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return [e.tagName, e.textContent.trim(), e.getAttribute('role') || '']; })()"
    )


def test_a_finished_upload_takes_focus_to_its_use_button(project_page):
    page = project_page
    page.locator("#upload-input").set_input_files(str(SAMPLES / "portrait-astronaut.png"))
    page.locator(".upload__use:focus").wait_for()
    assert focused(page)[:2] == ["BUTTON", "Use for a new video"]


def test_a_refused_upload_is_an_alert_and_takes_focus(project_page, tmp_path):
    page = project_page
    tiny = tmp_path / "tiny.png"
    Image.new("RGB", (60, 60), (200, 40, 40)).save(tiny)
    page.locator("#upload-input").set_input_files(str(tiny))
    alert = page.get_by_role("alert").filter(has_text="pixels")
    alert.wait_for()
    page.locator(".upload__verdict:focus").wait_for()
    tag, text, role = focused(page)
    assert role == "alert" and "tiny" not in text and "60 × 60 pixels" in text


def test_an_upload_does_not_steal_focus_from_what_the_person_moved_to(project_page):
    page = project_page
    page.locator("#upload-input").set_input_files(str(SAMPLES / "portrait-astronaut.png"))
    prompt = page.locator("#id_prompt")
    prompt.focus()
    page.locator(".upload--ok").wait_for()
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.id") == "id_prompt"
