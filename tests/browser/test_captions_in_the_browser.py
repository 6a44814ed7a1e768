"""Captions in a real Chromium: CC follows the sound until the person
chooses (render page, share room, embed), and the caption editor works
from the keyboard and brings focus back to what changed."""

import pytest

from projects.models import Caption, CaptionSource
from projects.sharing.services import sharelink_create
from tests.browser.test_keyboard import tab_through
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in, video_bytes, with_video  # noqa: F401
from tests.sharing.conftest import done_render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CUES = [
    {"start": 0.2, "end": 1.6, "text": "Hello from the"},
    {"start": 1.6, "end": 3.0, "text": "spring campaign."},
]

MODE = "(n) => document.querySelectorAll('video')[n].textTracks[0].mode"


@pytest.fixture
def captioned(project, alice, with_video):  # noqa: F811
    render = with_video(done_render(project, alice, title="Spring — EN"))
    Caption.objects.create(render=render, source=CaptionSource.ALIGNED, cues=CUES)
    return render


def cc_state(page, n=0):
    """(the track's mode, the CC button's aria-pressed) of the n-th video."""
    page.wait_for_function("(n) => document.querySelectorAll('[data-cc-toggle]')[n]", arg=n)
    pressed = page.locator("[data-cc-toggle]").nth(n).get_attribute("aria-pressed")
    return page.evaluate(MODE, n), pressed


def set_muted(page, muted, n=0):
    page.evaluate(
        "([n, muted]) => { document.querySelectorAll('video')[n].muted = muted; }", [n, muted]
    )
    want = "showing" if muted else "hidden"
    page.wait_for_function(f"(n) => ({MODE})(n) === '{want}'", arg=n)


def test_captions_show_while_muted_until_the_person_chooses(
    live_server, new_page, alice, project, captioned
):
    base = live_server.url
    page = new_page()
    log_in(page, base, "alice@example.org", PASSWORD)
    page.goto(f"{base}/renders/{captioned.code}/")
    # Sound on: captions hidden; muted: shown; and back.
    assert cc_state(page) == ("hidden", "false")
    set_muted(page, True)
    assert cc_state(page) == ("showing", "true")
    set_muted(page, False)
    assert cc_state(page) == ("hidden", "false")
    # The person turns captions on: muting no longer decides, on this page or the next.
    button = page.get_by_role("button", name="Captions", exact=True)
    assert " ".join(button.inner_text().split()) == "Captions off"
    button.focus()
    page.keyboard.press("Enter")
    assert cc_state(page) == ("showing", "true")
    assert " ".join(button.inner_text().split()) == "Captions on"
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; }")
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = false; }")
    page.wait_for_timeout(200)
    assert cc_state(page) == ("showing", "true")
    page.reload()
    assert cc_state(page) == ("showing", "true")
    page.get_by_role("button", name="Captions", exact=True).click()
    page.evaluate("() => { document.querySelector('video').muted = true; }")
    page.wait_for_timeout(200)
    assert cc_state(page) == ("hidden", "false")


def test_a_share_room_and_an_embed_follow_the_sound_too(
    live_server,
    new_page,
    alice,
    project,
    captioned,
    with_video,  # noqa: F811
):
    other = with_video(done_render(project, alice, title="Autumn — EN"))
    Caption.objects.create(render=other, source=CaptionSource.ALIGNED, cues=CUES)
    _, token = sharelink_create(
        project=project, created_by=alice, label="ACME", renders=[captioned, other]
    )
    base = live_server.url
    page = new_page()
    page.goto(f"{base}/s/{token}/")
    assert cc_state(page, 0) == ("hidden", "false")
    assert cc_state(page, 1) == ("hidden", "false")
    set_muted(page, True, 1)
    assert cc_state(page, 1) == ("showing", "true")
    assert cc_state(page, 0) == ("hidden", "false")  # each video follows its own sound
    # One choice counts for every video of the page.
    page.locator("[data-cc-toggle]").first.click()
    assert cc_state(page, 0) == ("showing", "true")
    assert cc_state(page, 1) == ("showing", "true")
    embed = new_page()
    embed.goto(f"{base}/s/{token}/embed/{captioned.code}/")
    assert cc_state(embed) == ("hidden", "false")
    set_muted(embed, True)
    assert cc_state(embed) == ("showing", "true")


def focused_id(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def tab_to(page, predicate, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def test_the_caption_editor_works_from_the_keyboard(
    live_server, new_page, alice, project, captioned
):
    base = live_server.url
    page = new_page()
    log_in(page, base, "alice@example.org", PASSWORD)
    page.goto(f"{base}/renders/{captioned.code}/")
    summary = page.get_by_text("Edit the words and timing")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.captions-editor").get_attribute("open") is not None
    missed, unseen = tab_through(page)
    assert missed == [] and unseen == [], (missed, unseen)

    # Words of caption 1, typed; caption 2 ends where the player is.
    page.evaluate(
        """() => new Promise(done => { const v = document.querySelector('[data-player]');
        v.muted = true; v.preload = 'auto';
        v.addEventListener('seeked', done, {once: true});
        const go = () => { v.currentTime = 3.5; };
        if (v.readyState >= 1) { go(); return; }
        v.addEventListener('loadedmetadata', go, {once: true}); v.load();
        })"""
    )
    summary.focus()
    tab_to(page, "() => document.activeElement.id === 'id_cue-0-text'")
    page.keyboard.press("Control+A")
    page.keyboard.type("Hello from our")
    tab_to(page, "() => document.activeElement.dataset.cueNow === 'id_cue-1-end'")
    page.keyboard.press("Enter")
    assert page.locator("#id_cue-1-end").input_value() == "0:03.5"
    assert page.locator("[data-cue-status]").inner_text() == "Caption 2 ends at 0:03.5."
    tab_to(page, "() => document.activeElement.textContent.trim() === 'Save captions'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/renders/{captioned.code}/#captions")
    # Back where the change is, not at the top of the page.
    page.wait_for_function("() => document.activeElement.id === 'captions'")
    assert page.get_by_text("Captions saved as version 2").is_visible()
    assert page.locator("[data-caption-edited]").inner_text().startswith("Edited by ")
    newest = captioned.captions.first()
    assert newest.cues[0]["text"] == "Hello from our" and newest.cues[1]["end"] == 3.5

    # A refusal comes back to the editor, open, with the reason by the field.
    page.get_by_text("Edit the words and timing").click()
    page.locator("#id_cue-1-text").fill("   ")
    page.get_by_role("button", name="Save captions").click()
    page.wait_for_url(f"{base}/renders/{captioned.code}/captions/edit/#captions-editor")
    page.wait_for_function("() => document.activeElement.id === 'captions-editor'")
    assert page.locator("#id_cue-1-text").get_attribute("aria-invalid") == "true"
    assert "it cannot be empty" in page.locator("#id_cue-1-text-error").inner_text()
    assert captioned.captions.count() == 2


def test_adding_a_comment_comes_back_to_the_conversation_with_focus(
    live_server, new_page, alice, project, captioned
):
    base = live_server.url
    page = new_page()
    log_in(page, base, "alice@example.org", PASSWORD)
    page.goto(f"{base}/renders/{captioned.code}/")
    page.get_by_label("Your comment").fill("The second caption is late.")
    page.get_by_role("button", name="Add comment").click()
    page.wait_for_url(f"{base}/renders/{captioned.code}/#conversation")
    page.wait_for_function("() => document.activeElement.id === 'conversation'")
    assert page.evaluate("() => window.scrollY") > 0
