"""A client opens a share link with a password in a real Chromium, plays a
real video to the end and leaves; the team's figures then show it: one
viewer, one play, everyone watched to the end. The page's CSP is enforced:
the beacon script runs as it would for a client."""

import time

import pytest
from django.template.loader import render_to_string

from projects.models import LinkVisitor, VideoWatch
from projects.sharing.analytics import link_analytics
from projects.sharing.passwords import sharelink_set_password
from projects.sharing.services import sharelink_create
from tests.conftest import PASSWORD as TEAM_PASSWORD
from tests.gallery.browser.conftest import log_in, video_bytes, with_video  # noqa: F401
from tests.pipeline.conftest import wait_for
from tests.sharing.conftest import done_render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK_PASSWORD = "blue-horse-42"
SHOTS = "/tmp/shots"
VIDEO = "document.querySelector('video[data-video]')"


def watch_to_the_end(page):
    page.locator("video[data-video]").click()  # the player's own controls: click plays
    deadline = time.monotonic() + 5
    while page.evaluate(f"{VIDEO}.paused") and time.monotonic() < deadline:
        time.sleep(0.1)
    if page.evaluate(f"{VIDEO}.paused"):  # a click on the poster did not start it
        page.evaluate(f"{VIDEO}.play()")
    wait_for(lambda: page.evaluate(f"{VIDEO}.ended"), timeout=20)


def test_a_client_watches_to_the_end_and_the_team_sees_it(
    live_server,
    new_page,
    shot,
    alice,
    project,
    with_video,  # noqa: F811
):
    render = with_video(done_render(project, alice, title="Anna says hello — spring launch"))
    link, token = sharelink_create(
        project=project, created_by=alice, label="ACME review", renders=[render]
    )
    sharelink_set_password(link=link, password=LINK_PASSWORD)
    base = live_server.url
    page = new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # A password first: nothing of the room before it.
    page.goto(f"{base}/s/{token}/")
    page.get_by_role("heading", name="This link needs a password").wait_for()
    assert project.name not in page.content()
    page.get_by_label("Password").fill("not-it")
    page.get_by_role("button", name="Open the link").click()
    page.get_by_role("heading", name="This link does not open").wait_for()
    page.goto(f"{base}/s/{token}/")
    page.get_by_label("Password").fill(LINK_PASSWORD)
    page.get_by_role("button", name="Open the link").click()
    page.get_by_role("heading", name=project.name).wait_for()
    assert LinkVisitor.objects.get(link=link).opens == 1
    problems.clear()  # the wrong password's page was a 404, as it should be

    watch_to_the_end(page)
    shot(page, "room-watched")
    # Nothing sent yet (under 15 s of playing, page still shown): batched.
    assert not VideoWatch.objects.exists()
    assert not problems, problems  # CSP violations and script errors included
    page.goto("about:blank")  # leaving the room sends the beacon
    wait_for(lambda: VideoWatch.objects.filter(link=link).exists(), timeout=10)

    # The team's own visit is not counted.
    team_page = new_page()
    log_in(team_page, base, "alice@example.org", TEAM_PASSWORD)
    team_page.goto(f"{base}/s/{token}/")
    team_page.get_by_label("Password").fill(LINK_PASSWORD)
    team_page.get_by_role("button", name="Open the link").click()
    team_page.get_by_role("heading", name=project.name).wait_for()
    team_page.goto("about:blank")

    figures = link_analytics(link)
    (video,) = figures.videos
    assert (figures.visitors, figures.opens) == (1, 1)
    assert (video.viewers, video.plays, video.completion) == (1, 1, 1.0)
    assert video.average_percent == 100

    # The figures as the team's link page shows them.
    html = render_to_string("projects/_link_analytics.html", {"link": link, "project": project})
    assert "1 of 1 viewer watched to the end" in html
    page_url = f"{base}/__analytics_preview__/"
    team_page.route(
        page_url,
        lambda route: route.fulfill(
            content_type="text/html",
            body=(
                '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                '<link rel="stylesheet" href="/static/css/app.css"></head>'
                f'<body><main class="page"><div class="panel">{html}</div></main></body></html>'
            ),
        ),
    )
    team_page.set_viewport_size({"width": 900, "height": 420})
    team_page.goto(page_url)
    table = team_page.get_by_role("table", name=f"How each video on “{link.label}” was watched")
    assert "100" in table.inner_text()
    team_page.screenshot(path=f"{SHOTS}/analytics-table.png", full_page=True)
    team_page.set_viewport_size({"width": 390, "height": 700})
    team_page.screenshot(path=f"{SHOTS}/analytics-table-phone.png", full_page=True)


def test_skipping_ahead_is_not_watching(live_server, new_page, alice, project, with_video):  # noqa: F811
    render = with_video(done_render(project, alice, title="Skipped through"))
    link, token = sharelink_create(
        project=project, created_by=alice, label="Skimmer", renders=[render]
    )
    page = new_page()
    page.goto(f"{live_server.url}/s/{token}/")
    page.get_by_role("heading", name=project.name).wait_for()
    page.evaluate(f"{VIDEO}.muted = true; {VIDEO}.play()")
    wait_for(lambda: page.evaluate(f"{VIDEO}.currentTime > 0.4"), timeout=10)
    page.evaluate(f"{VIDEO}.currentTime = 3.2")  # jump ahead over most of the video
    wait_for(lambda: page.evaluate(f"{VIDEO}.ended"), timeout=10)
    page.evaluate(f"{VIDEO}.play()")  # and once more from the start: a second play
    wait_for(lambda: page.evaluate(f"{VIDEO}.currentTime > 0.5"), timeout=10)
    page.goto("about:blank")
    wait_for(lambda: VideoWatch.objects.filter(link=link).exists(), timeout=10)
    watch = VideoWatch.objects.get(link=link)
    assert watch.plays == 2
    # About 0.4-1 s at the start and 0.8 s at the end of 4 s: far from the end.
    assert 0.2 < watch.watched < 0.6
