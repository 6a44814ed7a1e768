"""The audit trail in a real browser: an owner opens it from the team page,
filters it with the form, and exports the same entries as CSV; on a desktop
and on a phone (screenshots in /tmp/shots, copied to docs/screenshots)."""

import csv
import io
from pathlib import Path

import pytest
from django.db import transaction

from projects.audit.log import OPERATOR, audit
from projects.models import AuditKind
from projects.renders.services import render_rename
from projects.sharing.services import sharelink_create, sharelink_revoke
from projects.teams.roles import Role
from projects.teams.services import membership_change_role
from projects.usage.budgets import set_budget
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in
from tests.grid.conftest import light_asset, render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


@pytest.fixture
def history(team, alice, bob, project):
    """A few days' work, written by the real services."""
    portrait = light_asset(team, "portrait", "ceo-headshot.png", project=project)
    video = render(project, portrait, script="Spring is here.", voice_id="x", title="Spring")
    render_rename(render=video, title="Spring — EN", by=bob)
    link, _ = sharelink_create(
        project=project, created_by=alice, label="ACME review", renders=[video]
    )
    set_budget(team=team, project=None, units=500, by=alice)
    set_budget(team=team, project=None, units=800, by=alice)
    membership_change_role(membership=team.memberships.get(user=bob), role=Role.VIEWER, by=alice)
    with transaction.atomic():
        audit(
            team,
            AuditKind.CLIENT_FEEDBACK,
            actor_name="Dora Park (client via link “ACME review”)",
            project=project,
            target="“Spring — EN” (video)",
            target_code=video.code,
            summary="Review: Not reviewed → Approved. “Lovely, ship it.”",
        )
        audit(
            team,
            AuditKind.TEAM_CHANGED,
            actor_name=OPERATOR,
            summary="Name: “Alice's team” → “Acme Studio”",
        )
    sharelink_revoke(link=link, by=alice)
    return video


def test_an_owner_reads_filters_and_exports_the_trail(
    live_server, new_page, alice, bob, team, history
):
    base = live_server.url
    page = new_page(1280, 900)
    log_in(page, base, "alice@example.org", PASSWORD)
    page.goto(f"{base}/teams/{team.code}/members/")
    page.get_by_role("link", name="Audit trail").click()
    rows = page.locator("table.audit tbody tr")
    assert rows.first.inner_text().count("Share link turned off") == 1
    assert "Monthly budget: 500 units → 800 units" in page.content()
    assert page.get_by_role("link", name="“Spring — EN” (video)").first.is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "audit-page.png"), full_page=True)

    page.get_by_label("What").select_option(label="All: share links")
    page.get_by_role("button", name="Show").click()
    assert rows.count() == 2
    assert {"Share link made", "Share link turned off"} == {
        rows.nth(n).locator("th").inner_text() for n in range(2)
    }
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV (these filters)").click()
    body = Path(download.value.path()).read_text(encoding="utf-8-sig")
    exported = list(csv.reader(io.StringIO(body)))
    assert [row[2] for row in exported[1:]] == ["Share link turned off", "Share link made"]

    phone = new_page(390, 844)
    log_in(phone, base, "alice@example.org", PASSWORD)
    phone.goto(f"{base}/teams/{team.code}/audit/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(SHOTS / "audit-page-390.png"), full_page=True)
