"""In a real Chromium: another website shows a link's video in a frame when
the link lists it, and nothing of the app otherwise (the room page never)."""

import time
from urllib.parse import quote, unquote

import pytest
from django.core.files.base import ContentFile

from projects.models import ShareLink
from tests.gallery.browser.conftest import video_bytes as video_bytes  # noqa: F401  (fixture)
from tests.local_http import LocalServer
from tests.sharing.conftest import done_render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOST_PAGE = "/page.html"


@pytest.fixture
def page(browser):
    """A browser that keeps every site's Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def other_site():
    """Another website: a server on this machine (Chromium refuses public
    sites framing a local server, Local Network Access) whose page frames
    the addresses given in its query string."""

    def reply(path):
        frames = unquote(path.partition("?")[2]).split("\n")
        html = "".join(f'<iframe name="f{n}" src="{src}"></iframe>' for n, src in enumerate(frames))
        return 200, {"Content-Type": "text/html"}, f"<!doctype html>{html}".encode()

    servers = [LocalServer(reply), LocalServer(reply)]
    yield servers
    for server in servers:
        server.close()


def host_page(page, site, frames):
    page.goto(f"{site.base_url}{HOST_PAGE}?{quote(chr(10).join(frames))}")


def framed(page, name):
    # The host page adds its frames from a script: wait until this one is there.
    frame = page.wait_for_selector(f'iframe[name="{name}"]', state="attached").content_frame()
    frame.wait_for_load_state()
    return frame


@pytest.fixture
def shared(project, alice, make_link, video_bytes, other_site):  # noqa: F811
    render = done_render(project, alice, watermarked=False, title="Astronaut — Spring EN")
    video, poster = video_bytes
    render.video.save("video.mp4", ContentFile(video), save=False)
    render.poster.save("poster.jpg", ContentFile(poster), save=False)
    render.save()
    link, token = make_link(render=render)
    # Saved lists take https sites only (tests/sharing/test_embed.py): this
    # plain-http site of the test is written to the database directly.
    ShareLink.objects.filter(pk=link.pk).update(embed_sites=other_site[0].base_url)
    return render, token


def test_a_listed_site_shows_the_video_and_never_the_room(live_server, page, shared, other_site):
    render, token = shared
    embed = f"{live_server.url}/s/{token}/embed/{render.code}/"
    host_page(page, other_site[0], [embed, f"{live_server.url}/s/{token}/"])
    player = framed(page, "f0")
    assert player.locator(".embed__title").inner_text() == "Astronaut — Spring EN"
    assert player.locator(".embed__badge").inner_text() == "AI-generated video"
    video = player.locator("video")
    video.evaluate("v => v.play()")
    # No wait_for_function: the page's script-src 'self' refuses its eval.
    deadline = time.monotonic() + 15
    while video.evaluate("v => v.currentTime") < 0.2:
        assert time.monotonic() < deadline, "the embedded video did not play"
        time.sleep(0.1)
    room = framed(page, "f1")
    # Refused (X-Frame-Options, frame-ancestors): the browser shows its error page.
    assert room.url.startswith("chrome-error://")
    assert "Spring campaign" not in room.content()


def test_a_site_not_listed_shows_nothing(live_server, page, shared, other_site):
    render, token = shared
    host_page(page, other_site[1], [f"{live_server.url}/s/{token}/embed/{render.code}/"])
    player = framed(page, "f0")
    assert player.url.startswith("chrome-error://")
    assert player.locator("video").count() == 0
