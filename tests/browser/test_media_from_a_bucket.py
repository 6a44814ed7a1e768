"""With media in an S3-compatible bucket (moto's server over HTTP,
tests/s3/conftest.py), a member's render page and a share link's room play
their video in a real Chromium: the page's view redirects to a signed bucket
address, the bucket answers the player's ranges, seeking works, and the
page's Content-Security-Policy (enforced) allows the bucket for media only."""

import pytest

from projects.models import VideoWatch
from projects.sharing.services import sharelink_create
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in, video_bytes, with_video  # noqa: F401
from tests.pipeline.conftest import wait_for
from tests.s3.conftest import s3_media, s3_server  # noqa: F401
from tests.sharing.conftest import done_render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_and_seek(page, selector):
    """Play the video muted until it has data, then jump near its end."""
    video = f"document.querySelector({selector!r})"
    page.evaluate(f"{video}.muted = true; {video}.play()")
    wait_for(lambda: page.evaluate(f"{video}.readyState >= 2"), timeout=15)
    page.evaluate(f"{video}.pause(); {video}.currentTime = 3.2")
    wait_for(lambda: page.evaluate(f"!{video}.seeking && {video}.currentTime > 3.1"), timeout=15)
    wait_for(lambda: page.evaluate(f"{video}.readyState >= 2"), timeout=15)
    assert page.evaluate(f"{video}.error") is None


def bucket_answers(page, server, bucket):
    answers = []
    prefix = f"{server.endpoint}/{bucket}/"
    page.on(
        "response",
        lambda r: answers.append((r.url, r.status)) if r.url.startswith(prefix) else None,
    )
    return answers


def console_problems(page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_a_member_and_a_share_link_play_videos_from_the_bucket(
    s3_media,  # noqa: F811
    s3_server,  # noqa: F811
    live_server,
    new_page,
    shot,
    alice,
    team,
    project,
    with_video,  # noqa: F811
):
    render = with_video(done_render(project, alice, title="Anna, from the bucket"))
    assert s3_server.keys(s3_media)  # the files are in the bucket, not on disk
    base = live_server.url

    page = new_page()
    problems = console_problems(page)
    answers = bucket_answers(page, s3_server, s3_media)
    log_in(page, base, "alice@example.org", PASSWORD)
    page.goto(f"{base}{render.get_absolute_url()}")
    watch_and_seek(page, "video[data-player]")
    shot(page, "s3-render-page")
    videos = [(url, status) for url, status in answers if render.video.name in url]
    assert videos and all(status in (200, 206) for _, status in videos), answers
    assert any(status == 206 for _, status in videos), answers
    assert any(render.poster.name in url and status == 200 for url, status in answers)
    assert problems == []

    # A watch-only link: the watermarked copy, inline, from the bucket.
    page.goto("about:blank")
    link, token = sharelink_create(
        project=project, created_by=alice, label="ACME review", renders=[render]
    )
    guest = new_page()
    guest_problems = console_problems(guest)
    guest_answers = bucket_answers(guest, s3_server, s3_media)
    guest.goto(f"{base}/s/{token}/")
    guest.get_by_role("heading", name=project.name).wait_for()
    watch_and_seek(guest, "video[data-video]")
    shot(guest, "s3-share-room")
    copy = render.watermarked_video.name
    copies = [u for u, status in guest_answers if status in (200, 206) and copy in u]
    assert copies, guest_answers
    assert all("response-content-disposition=inline" in url for url in copies)
    assert not any(render.video.name in url for url, _ in guest_answers)
    assert guest_problems == []
    # Leaving sends the room's beacon: let it land before the test's data goes.
    guest.goto("about:blank")
    wait_for(lambda: VideoWatch.objects.filter(link=link).exists(), timeout=10)
