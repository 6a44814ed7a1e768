"""Spend over time on the usage pages: the database sums units by day (or
week) and project in one query, and the pages draw it with a name for
screen readers, or say plainly that nothing finished."""

import re
import uuid
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.models import Budget, Project, Render, RenderStatus
from projects.usage.periods import Period
from projects.usage.spend import DAY, WEEK, spend_of
from tests.conftest import login_as, set_role
from tests.gallery.conftest import finish
from tests.production.test_csp import inline_code

MAY = Period(date(2025, 5, 1), date(2025, 5, 31))
MAY_QUERY = {"start": "2025-05-01", "end": "2025-05-31"}


def at(day, hour=12, month=5):
    return datetime(2025, month, day, hour, tzinfo=timezone.get_current_timezone())


def done(project, portrait, voiceover, moments_and_units):
    """Done renders, one per (moment, units), in one insert."""
    renders = []
    for when, units in moments_and_units:
        code = uuid.uuid4()
        renders.append(
            Render(
                project=project,
                portrait=portrait,
                voiceover=voiceover,
                code=code,
                external_task_id=f"avs-{code.hex}",
                created=when,
                status=RenderStatus.DONE,
                finished_at=when,
                duration=3.0,
                units=Decimal(units),
            )
        )
    Render.objects.bulk_create(renders)


@pytest.fixture
def autumn(team, alice):
    return Project.objects.create(team=team, name="Autumn", created_by=alice)


def test_units_are_summed_by_day_and_project(team, project, autumn, portrait, voiceover):
    done(project, portrait, voiceover, [(at(3), "1.5"), (at(3, 18), "2"), (at(9), "1")])
    done(autumn, portrait, voiceover, [(at(3), "0.5")])
    spend = spend_of(Render.objects.filter(project__team=team), MAY, date(2025, 7, 1))
    assert spend.step == DAY
    assert spend.series == ["Spring campaign", "Autumn"]
    assert spend.amounts == {
        date(2025, 5, 3): [Decimal("3.5"), Decimal("0.5")],
        date(2025, 5, 9): [Decimal(1), Decimal(0)],
    }


def test_only_done_videos_in_the_period_count(team, project, portrait, voiceover, make_render):
    done(project, portrait, voiceover, [(at(1, 0), "1"), (at(1, 0) - timedelta(seconds=1), "7")])
    finish(make_render(), status=RenderStatus.FAILED, when=at(5), units="9")
    finish(make_render(), status=RenderStatus.CANCELED, when=at(6))
    spend = spend_of(Render.objects.filter(project__team=team), MAY, date(2025, 7, 1))
    assert spend.amounts == {date(2025, 5, 1): [Decimal(1)]}
    # April's last second is before the period: not a bar, and not May's total.
    assert spend.carried == 0


def test_a_day_is_a_day_in_the_sites_time_zone(settings, team, project, portrait, voiceover):
    settings.TIME_ZONE = "Europe/Paris"
    with timezone.override("Europe/Paris"):
        # 23:30 in Paris on May 3 is 21:30 UTC: still May 3.
        done(project, portrait, voiceover, [(at(3, 23) + timedelta(minutes=30), "1")])
        spend = spend_of(Render.objects.filter(project=project), MAY, date(2025, 7, 1))
    assert list(spend.amounts) == [date(2025, 5, 3)]


def test_the_month_so_far_counts_days_before_the_period(project, portrait, voiceover):
    done(project, portrait, voiceover, [(at(2), "4"), (at(12), "1")])
    period = Period(date(2025, 5, 10), date(2025, 5, 20))
    spend = spend_of(Render.objects.filter(project=project), period, date(2025, 7, 1))
    assert spend.carried == 4
    assert list(spend.amounts) == [date(2025, 5, 12)]
    assert spend.running()[date(2025, 5, 12)] == 5


def test_long_periods_are_summed_by_week_from_monday(project, portrait, voiceover):
    # May 7, 2025 is a Wednesday; its week starts on Monday, May 5.
    done(project, portrait, voiceover, [(at(7), "1"), (at(11), "2"), (at(12), "4")])
    period = Period(date(2025, 3, 1), date(2025, 5, 31))
    spend = spend_of(Render.objects.filter(project=project), period, date(2025, 7, 1))
    assert spend.step == WEEK
    assert spend.amounts == {date(2025, 5, 5): [Decimal(3)], date(2025, 5, 12): [Decimal(4)]}


def test_one_query_whatever_the_number_of_days_or_projects(
    django_assert_num_queries, team, project, alice, portrait, voiceover
):
    renders = Render.objects.filter(project__team=team)
    done(project, portrait, voiceover, [(at(3), "1")])
    with django_assert_num_queries(1):
        small = spend_of(renders, MAY, date(2025, 7, 1))
    for i in range(9):
        other = Project.objects.create(team=team, name=f"Project {i}", created_by=alice)
        done(other, portrait, voiceover, [(at(day), "0.5") for day in range(1, 32)])
    long = Period(date(2025, 1, 1), date(2025, 5, 31))
    with django_assert_num_queries(1):
        large = spend_of(renders, MAY, date(2025, 7, 1))
    with django_assert_num_queries(1):
        weekly = spend_of(renders, long, date(2025, 7, 1))
    assert (len(small.amounts), len(large.amounts), len(large.series)) == (1, 31, 6)
    assert weekly.grand_total == large.grand_total == Decimal(1) + 9 * 31 * Decimal("0.5")


# --- The pages ----------------------------------------------------------------


def page(client, url, query=MAY_QUERY):
    response = client.get(url, query)
    assert response.status_code == 200
    return response, response.content.decode()


def svg_named(html, name):
    found = re.search(rf'<svg[^>]*id="{name}".*?</svg>', html, re.S)
    return ET.fromstring(found.group(0)) if found else None


def test_the_team_page_draws_spend_by_project_with_a_name(
    client, bob, team, project, autumn, portrait, voiceover
):
    done(project, portrait, voiceover, [(at(3), "2"), (at(4), "1")])
    done(autumn, portrait, voiceover, [(at(3), "1.5")])
    set_role(bob, team, "viewer")
    login_as(client, bob)
    _, html = page(client, f"/teams/{team.code}/usage/")
    bars = svg_named(html, "spend-bars")
    assert bars.get("role") == "img"
    assert bars.get("aria-labelledby") == "spend-bars-title spend-bars-desc"
    svg = "{http://www.w3.org/2000/svg}"
    assert bars.find(f"{svg}title").text == "Units charged each day, by project, May 2025"
    assert len([p for p in bars.iter(f"{svg}pattern")]) == 2
    assert 'class="chart-legend"' in html and "Autumn" in html
    assert "<summary>The chart’s figures, day by day</summary>" in html
    assert inline_code(html) == []
    # A period that is over, and no budget: no running total to draw.
    assert svg_named(html, "spend-running") is None


def test_the_project_page_draws_one_series_and_its_budget(
    client, alice, team, project, autumn, portrait, voiceover
):
    done(project, portrait, voiceover, [(timezone.now(), "3")])
    done(autumn, portrait, voiceover, [(timezone.now(), "5")])
    Budget.objects.create(team=team, project=project, monthly_units=40, updated_by=alice)
    login_as(client, alice)
    _, html = page(client, f"/projects/{project.code}/usage/", {"preset": "this-month"})
    bars = svg_named(html, "spend-bars")
    assert len([r for r in bars.iter() if r.get("data-bucket")]) == 1
    running = svg_named(html, "spend-running")
    assert running.get("aria-labelledby") == "spend-running-title spend-running-desc"
    desc = running.find("{http://www.w3.org/2000/svg}desc").text
    assert "The monthly budget is 40 units." in desc and "At this rate" in desc
    assert "divided by the days gone (today included)" in html
    assert inline_code(html) == []


def test_the_team_page_asks_as_many_queries_for_many_days_and_projects(
    client, alice, team, project, portrait, voiceover
):
    login_as(client, alice)
    url = f"/teams/{team.code}/usage/"
    done(project, portrait, voiceover, [(at(3), "1")])
    with CaptureQueriesContext(connection) as few:
        page(client, url)
    for i in range(8):
        other = Project.objects.create(team=team, name=f"Project {i}", created_by=alice)
        done(other, portrait, voiceover, [(at(day), "1") for day in range(1, 32)])
    with CaptureQueriesContext(connection) as many:
        _, html = page(client, url)
    assert len(many) == len(few)
    assert "Other projects" in html


def test_an_empty_period_says_so_instead_of_an_empty_chart(client, alice, team, project):
    login_as(client, alice)
    for url in (f"/teams/{team.code}/usage/", f"/projects/{project.code}/usage/"):
        _, html = page(client, url)
        assert "No videos finished in this period" in html
        assert "chart__svg" not in html
        assert 'id="spend-bars"' not in html


def test_only_failed_videos_draw_nothing_and_say_why(client, alice, team, make_render):
    finish(make_render(), status=RenderStatus.FAILED, when=at(5))
    login_as(client, alice)
    _, html = page(client, f"/teams/{team.code}/usage/")
    assert 'id="spend-bars"' not in html
    assert "No videos were done in this period: nothing was charged." in html
