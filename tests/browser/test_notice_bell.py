"""The bell in a real Chromium: its count follows a notice made meanwhile
without a reload, opening the video clears it, the panel opens from the
keyboard and lays over the page on a desktop and on a phone."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from projects.models import Notice, NoticeKind
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in
from tests.sharing.conftest import done_render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("NOTICE_SHOTS", "/tmp/shots"))


def ready(user, take):
    return Notice.objects.create(
        user=user,
        render=take,
        project=take.project,
        kind=NoticeKind.READY,
        message=f"“{take.title}” in “{take.project.name}” is ready.",
    )


def bell_name(page):
    return page.locator(".bell__button [data-bell-label]").text_content()


def test_the_count_follows_new_notices_and_opening_the_video_clears_it(
    live_server, new_page, alice, project, shot
):
    takes = [done_render(project, alice, title=t) for t in ("Astronaut EN", "Astronaut DE")]
    ready(alice, takes[0])
    page = new_page(1280, 900)
    page.clock.install()
    log_in(page, live_server.url, "alice@example.org", PASSWORD)
    assert bell_name(page) == "Notices, 1 unread"
    assert page.locator("[data-bell-count]").text_content() == "1"

    # A video finishes meanwhile: 30 s later the bell says so, no reload.
    ready(alice, takes[1])
    page.evaluate("window.__same_page = true")
    page.clock.fast_forward("00:31")
    expect(page.locator("[data-bell-count]")).to_have_text("2")
    assert page.evaluate("window.__same_page") is True
    assert bell_name(page) == "Notices, 2 unread"

    # The panel opens from the keyboard: the two collapse into one line.
    page.locator(".bell__button").focus()
    page.keyboard.press("Enter")
    panel = page.locator(".bell__panel")
    panel.wait_for(state="visible")
    assert "2 videos in “Spring campaign” are ready" in panel.text_content()
    shot(page, "bell-open-1280")
    page.screenshot(path=str(SHOTS / "bell-1280.png"))
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('bell__button')")

    # Opening one of the videos reads its notice; the other stays.
    page.goto(f"{live_server.url}{takes[1].get_absolute_url()}")
    assert bell_name(page) == "Notices, 1 unread"
    page.goto(f"{live_server.url}{takes[0].get_absolute_url()}")
    assert bell_name(page) == "Notices, none unread"
    assert page.locator("[data-bell-count]").is_hidden()


def test_on_a_phone_the_panel_lays_over_the_page(live_server, new_page, alice, project, shot):
    titles = ("Astronaut — Spring EN", "Astronaut — Spring DE", "Chef — Summer menu teaser")
    for title in titles:
        ready(alice, done_render(project, alice, title=title))
    failed = done_render(project, alice, title="CEO — Welcome to our spring sale")
    Notice.objects.create(
        user=alice,
        render=failed,
        project=project,
        kind=NoticeKind.FAILED,
        message="“CEO — Welcome to our spring sale” in “Spring campaign” could not be made: "
        "Kling could not find a face in the portrait.",
    )
    page = new_page(390, 844)
    log_in(page, live_server.url, "alice@example.org", PASSWORD)
    main = page.locator("main")
    before = main.bounding_box()
    page.get_by_text("Notices, 4 unread").locator("..").click()
    panel = page.locator(".bell__panel")
    panel.wait_for(state="visible")
    # Nothing moved: the panel is over the page, inside the screen.
    assert main.bounding_box() == before
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert "3 videos in “Spring campaign” are ready" in panel.text_content()
    shot(page, "bell-open-390")
    page.screenshot(path=str(SHOTS / "bell-390.png"))

    # Dismissing a line happens in place; "Mark all read" empties the panel.
    page.get_by_role("button", name="Dismiss: 3 videos in “Spring campaign” are ready").click()
    expect(page.locator("[data-bell-count]")).to_have_text("1")
    page.get_by_role("button", name="Mark all read").click()
    page.get_by_text("Notices, none unread").wait_for(state="attached")
    assert not Notice.objects.filter(user=alice, read_at__isnull=True).exists()

    # Every notice stays on the notices page; the e-mail choices are one click away.
    assert panel.is_visible()  # dismissing happened in place
    page.get_by_role("link", name="All notices").click()
    assert page.locator(".notice-page__item").count() == 4
    shot(page, "notices-page-390")
    page.get_by_role("link", name="Choose which ones we e-mail you").click()
    page.get_by_role("group", name="A video is ready").get_by_label("In a daily digest").check()
    page.get_by_role("button", name="Save my choices").click()
    page.get_by_text("Saved: we will e-mail you as you chose.").wait_for()
    shot(page, "notice-email-settings-390")
    page.screenshot(path=str(SHOTS / "notice-settings-390.png"), full_page=True)
    assert alice.notification_preference.ready == "digest"
