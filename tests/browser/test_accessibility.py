"""WCAG 2.2 A/AA, measured by axe-core in a real Chromium on every page of a
marketer's day, on a desktop and on a phone, signed in and on share links.

axe-core is vendored (tests/browser/vendor/axe-core, see its README): nothing
is fetched while the tests run. The site's CSP (script-src 'self') refuses an
inline <script>, which is what add_script_tag(path=...) would insert; so the
page loads axe from a same-origin address, /__axe__.js, that Playwright
answers with the vendored file. The CSP stays on: the pages are checked as
people get them."""

from pathlib import Path

import pytest
from PIL import Image

from projects.models import Asset, Caption, CaptionSource, Membership
from projects.teams.roles import Role
from projects.teams.services import user_sign_up
from tests.browser.conftest import SAMPLES, drop_files
from tests.browser.marketers_world import day, video_bytes, with_video  # noqa: F401
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_PATH = "/__axe__.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
    }));
}"""

LOAD_AXE = """(src) => new Promise((resolve, reject) => {
    if (window.axe) { resolve(); return; }
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error("axe did not load"));
    document.head.appendChild(script);
})"""


def serve_axe(page, base):
    page.route(
        f"{base}{AXE_PATH}",
        lambda route: route.fulfill(path=str(AXE), content_type="application/javascript"),
    )


def violations(page):
    """axe's WCAG 2.2 A/AA violations on the page as it is now."""
    page.wait_for_load_state("load")
    page.evaluate(LOAD_AXE, AXE_PATH)
    assert page.evaluate("typeof window.axe") == "object", "axe-core was not loaded"
    return page.evaluate(RUN_AXE, WCAG_22_AA)


def report(found):
    lines = []
    for where, items in found.items():
        for v in items:
            lines.append(f"{where}: {v['id']} ({v['impact']}) — {v['help']}")
            for node in v["nodes"][:6]:
                lines.append(f"    {node['target']}")
                lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_every_page_of_the_day_meets_wcag_22_aa(
    live_server,
    new_page,
    alice,
    team,
    project,
    day,  # noqa: F811
    width,
    height,
    tmp_path,  # noqa: F811
):
    base = live_server.url
    found = {}

    def check(page, name, path=None):
        """Check the page at ``path``, or as it is now when there is none."""
        if path is not None:
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status < 500, (name, response.status)
            # The page asked for, not a log-in page or a redirect somewhere else.
            assert page.url == f"{base}{path}", (name, page.url)
        items = violations(page)
        if items:
            found[f"{name} [{width}px]"] = items

    guest = new_page(width, height)
    serve_axe(guest, base)
    check(guest, "log in", "/accounts/login/")
    guest.get_by_label("E-mail").fill("alice@example.org")
    guest.get_by_label("Password").fill("not her password")
    guest.get_by_role("button", name="Log in").click()
    guest.locator(".errorlist, [role=alert], .form-errors").first.wait_for()
    check(guest, "log in refused")
    check(guest, "sign up", "/accounts/signup/")
    check(guest, "share room", f"/s/{day['token']}/")
    check(guest, "share room password", f"/s/{day['locked_token']}/")
    guest.get_by_label("Password").fill("not the password")
    guest.get_by_role("button", name="Open the link").click()
    check(guest, "share room password refused")  # answered like a link that is gone
    guest.goto(f"{base}/s/{day['token']}/")
    guest.get_by_label("Your name").fill("Dora")
    guest.get_by_label("Your e-mail").fill("dora@acme.example")
    guest.get_by_role("button", name="Start giving feedback").click()
    guest.get_by_text("You comment as").wait_for()
    check(guest, "share room as a reviewer")
    check(guest, "embed", f"/s/{day['token']}/embed/{day['second'].code}/")
    check(guest, "link gone", "/s/made-up-token/")
    check(guest, "404 signed out", "/no-such-page/")

    page = new_page(width, height)
    serve_axe(page, base)
    log_in(page, base, "alice@example.org", PASSWORD)
    check(page, "project list", "/")
    page.locator("summary.bell__button").click()
    page.locator(".bell__panel").wait_for()
    check(page, "the bell, open")
    check(page, "new project", f"/teams/{team.code}/projects/new/")
    check(page, "empty project", f"/projects/{day['empty'].code}/")
    check(page, "project with videos", f"/projects/{project.code}/")
    small = tmp_path / "tiny-headshot.png"
    Image.new("RGB", (280, 420), (200, 150, 120)).save(small)
    drop_files(page, ".dropzone", [SAMPLES / "portrait-astronaut.png", small])
    page.locator(".upload--ok").wait_for()
    page.locator(".upload--refused").wait_for()
    check(page, "project with uploads")
    panorama = tmp_path / "beach-panorama.png"
    Image.new("RGB", (3000, 800), (40, 90, 200)).save(panorama)
    drop_files(page, ".dropzone", [panorama])
    page.locator(".crop[data-ready]").wait_for()
    check(page, "the crop step")
    fresh = Asset.objects.get(label="portrait-astronaut.png")
    check(page, "consent step", f"/assets/{fresh.code}/consent/")
    page.get_by_role("button", name="Record consent").click()
    page.locator(".field--error").first.wait_for()
    check(page, "consent step refused")
    consented = day["first"].portrait
    check(page, "consent recorded", f"/assets/{consented.code}/consent/")
    check(page, "withdraw consent", f"/assets/{consented.code}/consent/withdraw/")
    check(page, "render done", f"/renders/{day['second'].code}/")
    check(page, "render in flight", f"/renders/{day['rendering'].code}/")
    check(page, "render failed", f"/renders/{day['failed'].code}/")
    check(page, "compare", f"/renders/{day['first'].code}/compare/{day['second'].code}/")
    check(page, "library", f"/teams/{team.code}/library/")
    check(page, "project settings", f"/projects/{project.code}/edit/")
    check(page, "campaign grid", f"/projects/{project.code}/grid/")
    check(page, "import a sheet", f"/projects/{project.code}/import/")
    check(page, "project usage", f"/projects/{project.code}/usage/")
    check(page, "team security", f"/teams/{team.code}/security/")
    check(page, "webhooks", f"/teams/{team.code}/webhooks/")
    check(page, "invite someone", f"/teams/{team.code}/invites/new/")
    page.get_by_label("E-mail").fill("alice@example.org")  # already in the team
    page.locator("main form button[type=submit]").last.click()
    check(page, "invite refused")
    check(page, "team list", "/teams/")
    check(page, "team members", f"/teams/{team.code}/members/")
    check(page, "audit trail", f"/teams/{team.code}/audit/")
    check(page, "audit trail, filtered to nothing", f"/teams/{team.code}/audit/?until=2001-01-01")
    check(page, "usage", f"/teams/{team.code}/usage/")
    check(page, "share links", f"/projects/{project.code}/shares/")
    check(page, "new share link", f"/projects/{project.code}/shares/new/")
    check(page, "link page", f"/shares/{day['link'].code}/")
    check(page, "notices", "/notices/")
    check(page, "e-mail choices", "/notices/email/")
    check(page, "account e-mail", "/accounts/email/")
    check(page, "password change", "/accounts/password/change/")
    check(page, "404 signed in", "/projects/00000000-0000-0000-0000-000000000000/")

    assert not found, "axe-core found WCAG 2.2 A/AA violations:\n" + report(found)


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_caption_editor_meets_wcag_22_aa(
    live_server,
    new_page,
    alice,
    team,
    project,
    day,  # noqa: F811
    width,
    height,
):
    """The render page with its caption editor open, then after a refused
    save (errors by the fields), then with earlier versions listed; and a
    viewer's read-only cues."""
    render = day["second"]
    cues = [
        {"start": 0.2, "end": 1.6, "text": "Hello from the"},
        {"start": 1.6, "end": 3.0, "text": "spring campaign."},
    ]
    Caption.objects.create(render=render, source=CaptionSource.ALIGNED, cues=cues)
    base = live_server.url
    found = {}

    def check(page, name):
        items = violations(page)
        if items:
            found[f"{name} [{width}px]"] = items

    page = new_page(width, height)
    serve_axe(page, base)
    log_in(page, base, "alice@example.org", PASSWORD)
    page.goto(f"{base}/renders/{render.code}/")
    page.get_by_text("Edit the words and timing").click()
    page.locator("[data-cue-now]").first.wait_for()
    check(page, "caption editor")
    page.locator("#id_cue-0-text").fill("")
    page.locator("#id_cue-1-start").fill("1.0")
    page.get_by_role("button", name="Save captions").click()
    page.locator("#captions-refusal").wait_for()
    check(page, "caption editor refused")
    page.goto(f"{base}/renders/{render.code}/")
    page.get_by_text("Edit the words and timing").click()
    page.locator("#id_cue-0-text").fill("Hello from our")
    page.get_by_role("button", name="Save captions").click()
    page.get_by_text("Earlier versions (1)").click()
    check(page, "caption versions")
    vera = user_sign_up(email="vera@example.org", password=PASSWORD, name="Vera")
    Membership.objects.create(team=team, user=vera, role=Role.VIEWER)
    viewer = new_page(width, height)
    serve_axe(viewer, base)
    log_in(viewer, base, "vera@example.org", PASSWORD)
    viewer.goto(f"{base}/renders/{render.code}/")
    viewer.get_by_text("Read the captions (2)").click()
    check(viewer, "captions read-only")

    assert not found, "axe-core found WCAG 2.2 A/AA violations:\n" + report(found)


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_team_search_meets_wcag_22_aa(
    live_server,
    new_page,
    alice,
    team,
    project,
    day,  # noqa: F811
    width,
    height,
):
    """The team-wide search: every video, a search that finds one, one that
    finds nothing, and one too short to run."""
    base = live_server.url
    found = {}
    page = new_page(width, height)
    serve_axe(page, base)
    log_in(page, base, "alice@example.org", PASSWORD)
    word = day["second"].title.split()[0]
    search = f"/teams/{team.code}/search/"
    for name, query in [
        ("team search", ""),
        ("team search, found", f"?q={word}"),
        ("team search, nothing found", "?q=zebra+crossing"),
        ("team search, too short", "?q=a"),
    ]:
        response = page.goto(f"{base}{search}{query}")
        assert response is not None and response.status == 200, name
        items = violations(page)
        if items:
            found[f"{name} [{width}px]"] = items

    assert not found, "axe-core found WCAG 2.2 A/AA violations:\n" + report(found)
