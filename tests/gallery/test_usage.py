"""Usage: units charged, seconds of video, renders done and failed, per
render, project and team, over a period."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.models import Project, RenderStatus
from projects.usage.forms import period_from_query
from projects.usage.periods import Period, Preset
from projects.usage.report import project_usage, team_usage
from tests.conftest import login_as, set_role
from tests.factories import portrait_asset, voiceover_asset
from tests.gallery.conftest import finish

MAY = Period(date(2025, 5, 1), date(2025, 5, 31))


def at(day, hour=12):
    return datetime(2025, 5, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def may_renders(make_render):
    """Three done and one failed in May; one done just before and one just after."""
    return {
        "first": finish(make_render(), units="1.2", duration=3.0, when=at(1, 0)),
        "middle": finish(make_render(), units="0.8", duration=2.0, when=at(15)),
        "last": finish(make_render(), units="2.0", duration=5.5, when=at(31, 23)),
        # Kling may report units on a failure; we count it as failed, with no units.
        "failed": finish(make_render(), status=RenderStatus.FAILED, when=at(20), units="9"),
        "april": finish(make_render(), units="7", when=at(1, 0) - timedelta(seconds=1)),
        "june": finish(make_render(), units="7", when=at(31, 23) + timedelta(hours=1)),
        "canceled": finish(make_render(), status=RenderStatus.CANCELED, when=at(10)),
        "queued": make_render(),
    }


def test_team_usage_counts_the_renders_that_finished_in_the_period(team, may_renders):
    totals, rows = team_usage(team=team, period=MAY)
    assert totals.units == Decimal("4.0")
    assert totals.seconds == pytest.approx(10.5)
    assert (totals.done, totals.failed) == (3, 1)


def test_a_failed_render_counts_as_failed_with_no_units_or_seconds(team, make_render):
    finish(make_render(), status=RenderStatus.FAILED, when=at(3), units="5", duration=4.0)
    totals, _ = team_usage(team=team, period=MAY)
    assert (totals.units, totals.seconds, totals.done, totals.failed) == (Decimal(0), 0, 0, 1)


def test_team_usage_breaks_down_by_project(team, alice, project, may_renders, enqueued):
    from projects.renders.services import render_create

    other = Project.objects.create(team=team, name="Autumn", created_by=alice)
    face = portrait_asset(team, label="c.png", colour=(1, 2, 3))
    voice = voiceover_asset(team, seconds=2.0, label="c.mp3")
    finish(
        render_create(project=other, created_by=alice, portrait=face, voiceover=voice),
        units="3.5",
        duration=2.0,
        when=at(2),
    )
    totals, rows = team_usage(team=team, period=MAY)
    assert [(r.name, r.usage.units, r.usage.done, r.usage.failed) for r in rows] == [
        ("Spring campaign", Decimal("4.0"), 3, 1),
        ("Autumn", Decimal("3.5"), 1, 0),
    ]
    assert totals.units == Decimal("7.5")


def test_another_teams_renders_are_not_counted(team, charlie, may_renders):
    other_team = charlie.memberships.get().team
    totals, rows = team_usage(team=other_team, period=MAY)
    assert (totals.units, totals.done, totals.failed, rows) == (Decimal(0), 0, 0, [])


def test_project_usage_breaks_down_by_person(project, alice, bob, make_render):
    finish(make_render(), units="1", when=at(4))
    by_bob = make_render()
    by_bob.created_by = bob
    by_bob.save(update_fields=["created_by"])
    finish(by_bob, units="2", when=at(5))
    totals, rows = project_usage(project=project, period=MAY)
    assert totals.units == Decimal(3)
    assert [(r.name, r.usage.units) for r in rows] == [("Bob", Decimal(2)), ("Alice", Decimal(1))]


def test_usage_is_summed_by_the_database_in_a_fixed_number_of_queries(team, make_render):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            team_usage(team=team, period=MAY)
        return len(captured)

    finish(make_render(), when=at(3))
    few = queries()
    for day in range(4, 20):
        finish(make_render(), when=at(day))
    assert queries() == few == 2


def test_the_team_usage_page_shows_the_period_totals_and_projects(client, bob, team, may_renders):
    set_role(bob, team, "viewer")
    login_as(client, bob)
    response = client.get(
        f"/teams/{team.code}/usage/", {"start": "2025-05-01", "end": "2025-05-31"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "May 2025" in html
    totals = response.context["totals"]
    assert (totals.units, totals.done, totals.failed) == (Decimal("4.0"), 3, 1)
    assert ">4</dd>" in html  # units without trailing zeros
    assert "10.5 s" in html
    assert "Spring campaign" in html
    assert f"/projects/{may_renders['first'].project.code}/usage/?start=2025-05-01" in html


def test_the_project_usage_page_shows_its_summary(client, alice, project, may_renders):
    login_as(client, alice)
    response = client.get(
        f"/projects/{project.code}/usage/", {"start": "2025-05-01", "end": "2025-05-31"}
    )
    assert response.status_code == 200
    assert response.context["totals"].done == 3
    assert "Alice" in response.content.decode()


def test_the_usage_period_defaults_to_the_last_30_days(client, alice, team, make_render):
    finish(make_render(), units="1.5", when=timezone.now() - timedelta(days=2))
    finish(make_render(), units="4", when=timezone.now() - timedelta(days=45))
    login_as(client, alice)
    response = client.get(f"/teams/{team.code}/usage/")
    assert response.context["period"].days == 30
    assert response.context["totals"].units == Decimal("1.5")
    assert "Last 30 days" in response.content.decode()


def test_presets_pick_this_month_and_last_month():
    today = date(2025, 3, 14)
    assert Period.of(Preset.THIS_MONTH, today) == Period(
        date(2025, 3, 1), date(2025, 3, 14), Preset.THIS_MONTH
    )
    assert Period.of(Preset.LAST_MONTH, today) == Period(
        date(2025, 2, 1), date(2025, 2, 28), Preset.LAST_MONTH
    )
    january = Period.of(Preset.LAST_MONTH, date(2025, 1, 5))
    assert (january.start, january.end) == (date(2024, 12, 1), date(2024, 12, 31))
    assert Period.of(Preset.LAST_30, today).start == date(2025, 2, 13)


def test_a_period_covers_whole_days_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    with timezone.override("Europe/Paris"):
        start, end = MAY.bounds()
    assert start.isoformat() == "2025-05-01T00:00:00+02:00"
    assert end.isoformat() == "2025-06-01T00:00:00+02:00"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2025-05-31", "end": "2025-05-01"}, "The start date is after the end date."),
        ({"start": "31/05/2025"}, "Enter the start date like 2025-05-01."),
        ({"end": "9999-12-31"}, "Pick dates between 2000 and 2999."),
    ],
)
def test_bad_dates_get_a_message_and_the_last_30_days(client, alice, team, query, message):
    login_as(client, alice)
    response = client.get(f"/teams/{team.code}/usage/", query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["period"].preset == Preset.LAST_30


def test_one_date_is_enough():
    period, _ = period_from_query({"start": "2025-05-10"}, today=date(2025, 5, 20))
    assert (period.start, period.end) == (date(2025, 5, 10), date(2025, 5, 20))
    period, _ = period_from_query({"end": "2025-05-10"}, today=date(2025, 5, 20))
    assert (period.start, period.end) == (date(2025, 4, 11), date(2025, 5, 10))


def test_an_outsider_cannot_see_a_teams_or_a_projects_usage(client, charlie, team, project):
    login_as(client, charlie)
    assert client.get(f"/teams/{team.code}/usage/").status_code == 404
    assert client.get(f"/projects/{project.code}/usage/").status_code == 404


def test_usage_pages_are_read_only(client, alice, team, project):
    login_as(client, alice)
    assert client.post(f"/teams/{team.code}/usage/").status_code == 405
    assert client.post(f"/projects/{project.code}/usage/").status_code == 405


def test_a_renders_own_usage_is_on_its_page(client, alice, make_render):
    render = finish(make_render(), units="1.250", duration=4.2)
    login_as(client, alice)
    html = client.get(f"/renders/{render.code}/").content.decode()
    assert "1.25 units, charged by Kling" in html
    assert "4.2 s of video" in html
