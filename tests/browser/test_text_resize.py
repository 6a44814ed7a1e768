"""Text resized to 200 % and narrow screens, in a real Chromium (WCAG 1.4.4
and 1.4.10): the text follows the person's chosen size, and the pages of the
day fit 320 CSS pixels (1280 px zoomed to 400 %) without scrolling sideways."""

import pytest

from tests.browser.marketers_world import day, video_bytes, with_video  # noqa: F401
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Elements whose content is wider than the page: what someone would have to
# scroll sideways to read. Tables and charts are allowed (1.4.10 excepts
# two-dimensional content) when they scroll inside a box of their own.
SIDEWAYS = """() => {
    const width = document.documentElement.clientWidth;
    const scrollsItself = el => {
        for (let up = el.parentElement; up; up = up.parentElement) {
            if (["auto", "scroll"].includes(getComputedStyle(up).overflowX)) return true;
        }
        return false;
    };
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
        if (!el.checkVisibility()) continue;
        if (el.closest(".visually-hidden, .skip-link") || scrollsItself(el)) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (box.right > width + 1) {
            wide.push((el.getAttribute("class") || el.tagName) + " right=" + Math.round(box.right));
        }
    }
    return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""


def pages(project, team, day):  # noqa: F811
    return {
        "projects": "/",
        "project": f"/projects/{project.code}/",
        "render": f"/renders/{day['second'].code}/",
        "compare": f"/renders/{day['first'].code}/compare/{day['second'].code}/",
        "library": f"/teams/{team.code}/library/",
        "members": f"/teams/{team.code}/members/",
        "usage": f"/teams/{team.code}/usage/",
        "links": f"/projects/{project.code}/shares/",
        "link": f"/shares/{day['link'].code}/",
        "notices": "/notices/",
        "new link": f"/projects/{project.code}/shares/new/",
        "share room": f"/s/{day['token']}/",
        "render failed": f"/renders/{day['failed'].code}/",
        "account": "/accounts/email/",
    }


def test_text_follows_the_persons_chosen_size(live_server, new_page, alice):
    # The body's size was 16px, which a larger font chosen in the browser
    # could not change.
    page = new_page(1280, 900)
    page.goto(f"{live_server.url}/accounts/login/")
    # What "Font size: very large" in the browser's settings does: a larger root.
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert page.evaluate("() => getComputedStyle(document.body).fontSize") == "32px"
    label = page.locator("label[for=id_login]")
    assert float(label.evaluate("l => parseFloat(getComputedStyle(l).fontSize)")) >= 28


@pytest.mark.parametrize("text", ["100%", "200%"])
def test_the_day_fits_a_narrow_screen_without_scrolling_sideways(
    live_server,
    new_page,
    alice,
    team,
    project,
    day,  # noqa: F811
    text,
):
    base = live_server.url
    # 320 CSS pixels (1280 zoomed to 400 %) at the usual text size; the
    # usual screen when the person asked for text twice as large.
    width = 320 if text == "100%" else 1280
    page = new_page(width, 800)
    log_in(page, base, "alice@example.org", PASSWORD)
    problems = {}
    for name, path in pages(project, team, day).items():
        page.goto(f"{base}{path}")
        page.evaluate(f"() => {{ document.documentElement.style.fontSize = '{text}'; }}")
        found = page.evaluate(SIDEWAYS)
        if found["scroll"] > found["width"] or found["wide"]:
            problems[name] = found
    assert problems == {}
