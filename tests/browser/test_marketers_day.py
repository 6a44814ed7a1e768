"""A marketer's day, in a real browser, with a real worker and the sandbox."""

import pytest
from django.core import mail
from PIL import Image

from projects.models import Asset, Membership, Render, RenderStatus
from projects.teams.roles import Role
from projects.teams.services import user_sign_up
from tests.browser.conftest import SAMPLES, drop_files
from tests.conftest import link_in
from tests.pipeline.conftest import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "spring launch 2026!"


def sign_up(page, base, name, email):
    page.goto(f"{base}/signup/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Work e-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    # Nothing before the address is confirmed: the link is in the e-mail.
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    wait_for(lambda: mail.outbox, timeout=10)
    page.goto(f"{base}{link_in(mail.outbox[-1], '/accounts/confirm-email/')}")
    page.get_by_role("button", name="Yes, confirm my address").click()
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

    # 3b. Who is in this photo? No portrait is animated before its person's
    # consent is recorded: the upload's row links to the step, which comes back here.
    photo = page.locator(".upload--ok", has_text="portrait-astronaut.png")
    assert "No consent yet" in photo.inner_text()
    photo.get_by_role("link", name="Who is in this photo?").click()
    page.get_by_label("Name of the person in the photo").fill("Eileen Collins")
    page.get_by_label("I confirm this person agreed").check()
    shot(page, "consent-step")
    page.get_by_role("button", name="Record consent").click()
    page.locator(".flash", has_text="Consent recorded").wait_for()
    assert page.get_by_role("heading", name="Spring launch").is_visible()

    # 4. Make a video; watch its card go from queued to done without reloading.
    page.evaluate("window.__noReload = true")
    # Nothing is ticked by an upload: the person picks what to use.
    make = page.locator("[data-render-submit]")
    assert make.inner_text() == "Make video"
    page.locator("label.pick--portrait").first.click()
    page.locator("label.pick--voiceover").first.click()
    page.get_by_label("Direction for the avatar").fill("Smiles warmly and nods.")
    assert "2500" in page.locator("[data-counter-for=id_prompt]").inner_text()
    assert make.inner_text().startswith("Make 1 video · about ")
    assert make.inner_text().endswith(" units, free in practice mode")
    make.click()
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

    # 5. Approve it; leave a comment pinned to a moment.
    page.evaluate("document.querySelector('video[data-player]').pause()")
    page.get_by_role("button", name="Approve").click()
    page.locator(".comment, [data-comment], #conversation").first.wait_for()
    assert "Approved" in page.content()
    # Approving reloaded the page: play a little again, then pin that moment.
    page.evaluate(
        "(() => { const v = document.querySelector('video[data-player]');"
        " v.muted = true; v.play(); })()"
    )
    wait_for(
        lambda: page.evaluate("document.querySelector('video[data-player]').currentTime") > 1.2,
        timeout=20,
        message="the video to play past a second",
    )
    page.evaluate("document.querySelector('video[data-player]').pause()")
    page.get_by_role("button", name="Pin to current time").click()
    moment = page.get_by_label("At moment").input_value()
    assert moment.startswith("0:0") and not moment.startswith("0:00"), moment
    page.get_by_label("Your comment").fill("Love the smile here.")
    page.get_by_role("button", name="Add comment").click()
    pinned = page.get_by_role("button", name=f"Play the video at {moment.split('.')[0]}")
    pinned.wait_for()
    assert "Love the smile here." in page.content()
    shot(page, "render-reviewed")
    render.refresh_from_db()
    assert render.review_state == "approved"
    page.goto(f"{base}/projects/{render.project.code}/")
    assert "Approved" in page.locator(".card-video").first.inner_text()

    # 6. A share link, opened in a fresh logged-out browser: the video plays.
    page.goto(f"{base}/renders/{render.code}/#shares")
    page.get_by_label("Name of the link").fill("For the client")
    page.get_by_role("button", name="Create link").click()
    share_url = page.locator("#copy-url").input_value()
    page.get_by_role("button", name="Copy link").click()
    page.locator("[data-copy-status]", has_text="copied").wait_for()
    shot(page, "share-created")
    assert share_url.startswith(f"{base}/s/")

    guest = new_page()
    guest.goto(share_url)
    shared_video = guest.locator("video").first
    shared_video.wait_for()
    assert "Dana" not in guest.content() and "dana@example.org" not in guest.content()
    guest.evaluate(
        "(() => { const v = document.querySelector('video'); v.muted = true; v.play(); })()"
    )
    wait_for(
        lambda: guest.evaluate("document.querySelector('video').currentTime") > 0.5,
        timeout=20,
        message="the shared video to play",
    )
    video_src = guest.evaluate("document.querySelector('video source').src")
    shot(guest, "share-playing")

    # Revoked: the page and the video are gone.
    page.goto(f"{base}/renders/{render.code}/#shares")
    page.once("dialog", lambda dialog: dialog.accept())  # "Turn this link off?"
    page.get_by_role("button", name="Revoke").first.click()
    page.get_by_text("is turned off").wait_for()
    response = guest.goto(share_url)
    assert response.status == 404
    assert "expired or was turned off" in guest.content()
    shot(guest, "share-revoked")
    assert guest.request.get(video_src).status == 404

    # 7. A viewer watches and comments but cannot upload or render.
    viewer = user_sign_up(email="vic@example.org", password=PASSWORD, name="Vic Viewer")
    Membership.objects.create(team=render.project.team, user=viewer, role=Role.VIEWER)
    other = new_page(width=390, height=844)  # a phone, to see narrow screens
    other.goto(f"{base}/accounts/login/")
    other.get_by_label("E-mail").fill("vic@example.org")
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Log in").click()
    other.wait_for_url(f"{base}/")
    other.goto(f"{base}/teams/")
    other.locator(f"form[action='/teams/{render.project.team.code}/switch/'] button").click()
    other.goto(f"{base}/projects/{render.project.code}/")
    assert other.locator(".dropzone").count() == 0
    assert other.locator("[data-render-submit]").count() == 0
    shot(other, "viewer-project")
    other.goto(f"{base}/renders/{render.code}/")
    assert other.get_by_role("button", name="Approve").count() == 0
    other.evaluate(
        "(() => { const v = document.querySelector('video[data-player]');"
        " v.muted = true; v.play(); })()"
    )
    wait_for(
        lambda: other.evaluate("document.querySelector('video[data-player]').currentTime") > 0.3,
        timeout=20,
        message="the viewer's video to play",
    )
    other.get_by_label("Your comment").fill("Looks great to me.")
    other.get_by_role("button", name="Add comment").click()
    other.get_by_text("Looks great to me.").wait_for()
    shot(other, "viewer-commented")
    token = next(c["value"] for c in other.context.cookies() if c["name"] == "csrftoken")
    refused = other.request.post(
        f"{base}/projects/{render.project.code}/renders/new/",
        form={
            "portraits": str(render.portrait.code),
            "voiceovers": str(render.voiceover.code),
            "mode": "std",
        },
        headers={"X-CSRFToken": token, "Referer": f"{base}/"},
    )
    assert refused.status == 403
    assert Render.objects.count() == 1
