"""A Content-Security-Policy that the app's own pages satisfy."""

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from csp.utils import build_policy

from projects.renders.services import render_create
from tests.conftest import PASSWORD, login_as
from tests.factories import portrait_asset, voiceover_asset
from tests.renders.conftest import follow

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "projects" / "demo"
CHROMIUM = "/usr/bin/chromium"


class InlineCode(HTMLParser):
    """Collects what a strict policy would block: inline scripts, style
    attributes and elements, event-handler attributes, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            data_only = attrs.get("type") == "application/json"
            self._in_inline_script = "src" not in attrs and not data_only
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(f"javascript: URL on <{tag}>")

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def studio(team, project, alice, bob, studio_sandbox, enqueued):
    """A project with uploads and a finished render, as its pages show it."""
    portrait = portrait_asset(team, project=project)
    voiceover = voiceover_asset(team, project=project, seconds=2.0)
    render = follow(
        render_create(project=project, created_by=alice, portrait=portrait, voiceover=voiceover)
    )
    return {"render": render}


def app_pages(team, project, render):
    return [
        "/",
        "/teams/",
        f"/teams/{team.code}/members/",
        f"/teams/{team.code}/projects/new/",
        f"/teams/{team.code}/library/",
        f"/projects/{project.code}/",
        f"/projects/{project.code}/edit/",
        f"/renders/{render.code}/",
    ]


PUBLIC_PAGES = ["/accounts/login/", "/signup/", "/accounts/password_reset/"]


def test_the_policy_allows_only_our_own_origin():
    policy = build_policy(
        {
            "default-src": ["'self'"],
            "img-src": ["'self'", "blob:"],
            "upgrade-insecure-requests": [],
            "report-to": None,
        }
    )
    # django-csp puts the directives in no fixed order; browsers need none.
    assert sorted(policy.split("; ")) == [
        "default-src 'self'",
        "img-src 'self' blob:",
        "upgrade-insecure-requests",
    ]


def test_every_page_is_sent_with_the_policy(client, team, project, alice, studio):
    for url in PUBLIC_PAGES:
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy, url
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
    login_as(client, alice, team)
    for url in app_pages(team, project, studio["render"]):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "default-src 'self'" in response["Content-Security-Policy"], url


def test_the_app_pages_have_no_inline_script_or_style(client, team, project, alice, studio):
    for url in PUBLIC_PAGES:
        assert inline_code(client.get(url).content.decode()) == [], url
    login_as(client, alice, team)
    for url in app_pages(team, project, studio["render"]):
        assert inline_code(client.get(url).content.decode()) == [], url


def test_the_checker_finds_inline_code():
    html = (
        '<script>alert(1)</script><script type="application/json">{}</script>'
        '<p style="color:red" onclick="x()">hi</p><a href="javascript:void(0)">x</a>'
    )
    assert inline_code(html) == [
        "inline script: alert(1)",
        "style= on <p>",
        "onclick= on <p>",
        "javascript: URL on <a>",
    ]


def test_no_template_carries_inline_script_or_style():
    # Covers pages the tests above do not render (share links, invitations,
    # e-mails' HTML parts, error pages).
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = re.sub(r"{%.*?%}|{{.*?}}", "", path.read_text(), flags=re.S)
        offenders += [f"{path.relative_to(ROOT)}: {found}" for found in inline_code(text)]
    assert offenders == []


def test_a_view_may_send_its_own_policy(rf, settings):
    from csp.middleware import CSPMiddleware as ContentSecurityPolicyMiddleware
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "sandbox"
        return response

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    assert response["Content-Security-Policy"] == "sandbox"


# --- In a real browser -----------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_reports_no_violation_on_the_app_pages(live_server, team, project, alice, studio):
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    pages = app_pages(team, project, studio["render"])
    video_page = f"/renders/{studio['render'].code}/"
    job = {
        "base": live_server.url,
        "email": alice.email,
        "password": PASSWORD,
        "pages": pages,
        "upload_page": f"/projects/{project.code}/",
        "upload_file": str(SAMPLES / "portrait-astronaut.png"),
        "video_page": video_page,
    }
    # In a process of its own: tests/browser keeps a Playwright running here.
    done = subprocess.run(
        [sys.executable, "-m", "tests.production.csp_probe", json.dumps(job)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["visited"] == ["/accounts/login/", *pages, video_page]
    assert report["violations"] == []
    assert report["console"] == []
    assert report["video_time"] > 0
