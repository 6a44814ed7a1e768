"""A client reviews through a link on a phone while the team watches the
render's page: the comment and the approval appear there without reloading.
Real Chromium, real forms (CSRF and the visitor cookie included), the
site's CSP enforced."""

import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from projects.models import Comment, LinkVisitor, ReviewState
from projects.sharing.services import sharelink_create
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in, video_bytes  # noqa: F401  (fixture)
from tests.sharing.conftest import done_render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
TITLE = "Astronaut — Spring EN"


def until(check, timeout=10.0):
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError("Timed out waiting")
        time.sleep(0.1)


def watch_console(page):
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_a_client_comments_at_a_moment_and_approves_while_the_team_watches(
    live_server,
    new_page,
    alice,
    project,
    video_bytes,  # noqa: F811
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    render = done_render(project, alice, watermarked=False, title=TITLE)
    video, poster = video_bytes
    render.video.save("video.mp4", ContentFile(video), save=False)
    render.poster.save("poster.jpg", ContentFile(poster), save=False)
    render.save(update_fields=["video", "poster"])
    link, token = sharelink_create(
        project=project,
        created_by=alice,
        label="ACME marketing",
        renders=[render],
        allow_feedback=True,
    )
    base = live_server.url

    # The team: Alice has the render's page open.
    team = new_page(1280, 900)
    team_problems = watch_console(team)
    log_in(team, base, "alice@example.org", PASSWORD)
    team.goto(f"{base}/renders/{render.code}/")
    team.get_by_text("No comments yet.").wait_for()
    team.evaluate("window.__notReloaded = true")

    # The client, on a phone: name and e-mail once.
    phone = new_page(390, 844)
    phone_problems = watch_console(phone)
    phone.goto(f"{base}/s/{token}/")
    phone.get_by_role("heading", name="The team would like your opinion").wait_for()
    phone.get_by_label("Your name").fill("Anna Client")
    phone.get_by_label("Your e-mail").fill("anna@acme.example")
    phone.get_by_role("button", name="Start giving feedback").click()
    phone.get_by_text("You comment as").wait_for()
    assert LinkVisitor.objects.get().email == "anna@acme.example"

    # A comment at a moment.
    phone.get_by_label("Your comment").fill("The logo is too small here.")
    phone.get_by_label("At moment").fill("0:02")
    phone.get_by_role("button", name="Send comment").click()
    phone.get_by_text("your comment is sent to the team").wait_for()
    assert phone.url.endswith(f"/s/{token}/#video-{render.code}")
    assert Comment.objects.get().at_seconds == 2.0

    # The moment plays the video from there (player.js, on the public page).
    phone.get_by_role("button", name=f"Play “{TITLE}” at 0:02").click()
    until(lambda: phone.evaluate("document.querySelector('[data-player]').currentTime") >= 2)

    # Approve.
    phone.get_by_role("button", name="Approve").click()
    phone.get_by_text("approved this video", exact=True).wait_for()
    render.refresh_from_db()
    assert render.review_state == ReviewState.APPROVED
    assert render.reviewed_by_visitor.name == "Anna Client"
    phone.screenshot(path=str(SHOTS / "feedback-client-390.png"), full_page=True)
    # Nothing wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # The team's page caught up by itself.
    conversation = team.locator("[data-conversation]")
    conversation.get_by_text("The logo is too small here.").wait_for(timeout=15_000)
    conversation.get_by_text("Approved by client (Anna Client)").wait_for(timeout=15_000)
    clients = conversation.locator(".comment--client")
    assert clients.count() == 2
    assert all("Client" in c and "via “ACME marketing”" in c for c in clients.all_inner_texts())
    assert team.evaluate("window.__notReloaded") is True
    team.locator("#conversation").scroll_into_view_if_needed()
    team.screenshot(path=str(SHOTS / "feedback-team.png"), full_page=True)

    assert phone_problems == [] and team_problems == []
