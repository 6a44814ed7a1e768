"""Monthly budgets on the pages: owners set them on the usage pages, the
render form says what is left this month (and the page's script gets the
numbers), and a video that waits over budget says so on the project page and
its own page, where an owner can release it."""

import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.html import escape

from projects.gallery.cards import card_json
from projects.models import Budget, Render, RenderStatus
from projects.renders.holds import claim_within_budget
from tests.conftest import login_as
from tests.gallery.conftest import finish


def budget(team, units, project=None):
    return Budget.objects.create(team=team, project=project, monthly_units=units)


def held(render):
    """What the worker does with a render that would go over."""
    claimed, outcome = claim_within_budget(render.pk, timezone.now())
    assert outcome == "held"
    render.refresh_from_db()
    return render


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def browser_block(html):
    found = re.search(r'<script id="media-limits" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


@pytest.fixture
def owner(client, alice, team):
    return login_as(client, alice, team)


# --- Setting a budget -----------------------------------------------------------


def test_an_owner_sets_the_teams_monthly_budget_on_its_usage_page(owner, team):
    usage = f"/teams/{team.code}/usage/"
    assert 'name="monthly_units"' in page(owner, usage).content.decode()

    response = owner.post(f"/teams/{team.code}/budget/", {"monthly_units": "500"}, follow=True)

    assert response.redirect_chain[-1][0] == f"{usage}#budget"
    assert Budget.objects.get(team=team, project=None).monthly_units == 500
    html = response.content.decode()
    assert "The monthly budget of Alice&#x27;s team is now 500 units." in html
    assert "Budget this month" in html


def test_an_owner_sets_a_projects_own_budget(owner, team, project):
    budget(team, 500)
    response = owner.post(f"/projects/{project.code}/budget/", {"monthly_units": "40"})
    assert response.status_code == 302
    assert Budget.objects.get(project=project).monthly_units == 40
    assert Budget.objects.get(team=team, project=None).monthly_units == 500


def test_an_empty_budget_removes_it(owner, team):
    budget(team, 500)
    response = owner.post(f"/teams/{team.code}/budget/", {"monthly_units": ""}, follow=True)
    assert not Budget.objects.exists()
    assert "has no monthly budget now" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("lots", "whole number of units"),
        ("2.5", "whole number of units"),
        ("-5", "cannot be below 0"),
        ("99999999999", "at most 10,000,000 units"),
        ("9" * 5000, "whole number of units"),
    ],
)
def test_a_budget_that_is_not_a_whole_number_of_units_changes_nothing(owner, team, value, says):
    budget(team, 500)
    response = owner.post(f"/teams/{team.code}/budget/", {"monthly_units": value}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert says in html
    assert "The budget did not change." in html
    assert Budget.objects.get().monthly_units == 500


def test_editors_see_the_budget_but_cannot_change_it(client, bob, team, project):
    budget(team, 500)
    login_as(client, bob, team)
    html = page(client, f"/teams/{team.code}/usage/").content.decode()
    assert "Budget this month" in html
    assert 'name="monthly_units"' not in html
    assert client.post(f"/teams/{team.code}/budget/", {"monthly_units": "9"}).status_code == 403
    assert (
        client.post(f"/projects/{project.code}/budget/", {"monthly_units": "9"}).status_code == 403
    )
    assert Budget.objects.get().monthly_units == 500


# --- What is left this month -------------------------------------------------------


def test_the_render_form_says_what_is_left_this_month_and_practice_costs_nothing(
    owner, team, project, make_render, settings
):
    settings.KLING_USES_SANDBOX = True
    settings.PRICE_PER_UNIT = "0.25"
    budget(team, 10)
    finish(make_render(), units="1.2")  # finished this month
    make_render()  # waiting in the queue: about 1.2 units

    response = page(owner, f"/projects/{project.code}/")

    line = "Left this month: 7.6 units (≈ €0.00) of the team's monthly budget of 10 units."
    assert response.context["budget_line"] == line
    assert escape(line) in response.content.decode()
    block = browser_block(response.content.decode())
    assert block["scriptCharsPerSecond"] == 15
    numbers = block["budget"]
    assert numbers["scope"] == "team"
    assert (numbers["limitUnits"], numbers["usedUnits"], numbers["leftUnits"]) == (10, 2.4, 7.6)
    assert numbers["leftMoney"] == "€0.00"


def test_with_kling_the_line_shows_what_is_left_in_money(
    owner, team, project, make_render, settings
):
    settings.KLING_USES_SANDBOX = False
    settings.PRICE_PER_UNIT = "0.25"
    settings.CURRENCY = "EUR"
    budget(team, 10)
    finish(make_render(), units="2")
    response = page(owner, f"/projects/{project.code}/")
    assert response.context["budget_line"] == (
        "Left this month: 8 units (≈ €2.00) of the team's monthly budget of 10 units."
    )


def test_the_budget_with_less_left_is_the_one_shown(owner, team, project, make_render):
    budget(team, 100)
    budget(team, 3, project=project)
    finish(make_render(), units="1")
    response = page(owner, f"/projects/{project.code}/")
    assert "of the project's monthly budget of 3 units" in response.context["budget_line"]
    assert browser_block(response.content.decode())["budget"]["scope"] == "project"


def test_without_a_budget_there_is_no_line_and_no_numbers(owner, project):
    response = page(owner, f"/projects/{project.code}/")
    assert response.context["budget_line"] == ""
    assert browser_block(response.content.decode())["budget"] is None


# --- Videos that wait ---------------------------------------------------------------


WAITS = (
    "This video waits: it would take the team over its monthly budget of 2 units. "
    "An owner can release it or raise the budget."
)


def test_a_held_video_says_why_on_the_project_page_and_its_own(owner, team, project, make_render):
    budget(team, 2)
    finish(make_render(), units="1.2")
    render = held(make_render())

    assert WAITS in page(owner, f"/projects/{project.code}/").content.decode()
    html = page(owner, f"/renders/{render.code}/").content.decode()
    assert WAITS in html
    assert f'action="/renders/{render.code}/release/"' in html
    assert "Over budget" in html


def test_several_held_videos_are_counted_in_the_banner(owner, team, project, make_render):
    budget(team, 2, project=project)
    finish(make_render(), units="1.2")
    held(make_render())
    held(make_render())
    assert (
        "2 videos wait: they would take the project over its monthly budget of 2 units. "
        "An owner can release them or raise the budget."
    ) in page(owner, f"/projects/{project.code}/").content.decode()


def test_an_editor_sees_why_a_video_waits_but_no_release_button(client, bob, team, make_render):
    budget(team, 1)
    render = held(make_render())
    login_as(client, bob, team)
    html = page(client, f"/renders/{render.code}/").content.decode()
    assert "This video waits" in html
    assert "/release/" not in html


def test_an_owner_releases_a_held_video_from_its_page(owner, team, make_render):
    budget(team, 1)
    render = held(make_render())

    response = owner.post(f"/renders/{render.code}/release/", follow=True)

    assert "goes to Kling now, even over the budget" in response.content.decode()
    render.refresh_from_db()
    assert render.status == RenderStatus.QUEUED
    assert render.budget_released_at is not None


def test_releasing_a_video_that_does_not_wait_changes_nothing(owner, done_render):
    response = owner.post(f"/renders/{done_render.code}/release/", follow=True)
    assert "Only a video that waits over budget can be released." in response.content.decode()
    assert Render.objects.get(pk=done_render.pk).status == RenderStatus.DONE


def test_raising_the_budget_lets_held_videos_go_on_at_once(owner, team, make_render):
    budget(team, 1)
    render = held(make_render())
    response = owner.post(f"/teams/{team.code}/budget/", {"monthly_units": "5"}, follow=True)
    assert "1 video that waited over budget goes on now." in response.content.decode()
    assert Render.objects.get(pk=render.pk).status == RenderStatus.QUEUED


def test_a_held_card_reads_over_budget_and_the_gallery_can_show_only_those(
    owner, team, project, make_render
):
    budget(team, 1)
    render = held(make_render())
    card = card_json(render)
    assert (card["status_word"], card["tone"]) == ("Over budget", "held")
    assert "monthly budget" in card["failure_reason"]

    waiting = page(owner, f"/projects/{project.code}/?status=held").context["page"]
    assert [r.pk for r in waiting] == [render.pk]
    assert Decimal(str(render.estimated_units())) == Decimal("1.2")
