"""The project page costs at most 10 queries, plain or filtered, however many
renders its project holds (issue #18): the access helper reads the project
and the membership together, the top bar reuses that membership when it is
the current team's, the filters' choices are one query, and the budget line
is looked for only when a budget applies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Notice, NoticeKind, ProviderPause, Render, ReviewState
from projects.renders.services import render_again
from projects.reviews.services import render_approve, render_request_changes
from projects.sharing.services import sharelink_create
from projects.teams.services import team_create
from projects.usage.budgets import set_budget
from tests.conftest import login_as
from tests.gallery.conftest import bulk_renders, finish

MOST = 10
FILTERED = {"status": "done", "review": "approved", "q": "nods"}


@pytest.fixture
def busy_project(alice, project, portrait, voiceover, make_render):
    """A project as people use it: finished, failed and queued videos,
    versions, reviews by members, a share link, uploads, unread notices."""
    approved = finish(make_render(prompt="smiles, nods"))
    render_approve(render=approved, reviewed_by=alice)
    changes = finish(make_render(prompt="nods slowly"))
    render_request_changes(render=changes, reviewed_by=alice, body="Warmer, please.")
    again = finish(render_again(render=Render.objects.get(pk=changes.pk), created_by=alice))
    render_approve(render=again, reviewed_by=alice)
    render_again(render=Render.objects.get(pk=approved.pk), created_by=alice)
    finish(make_render(prompt="waves"), status="failed")
    make_render(prompt="looks, nods")
    sharelink_create(project=project, created_by=alice, label="For ACME", renders=[approved])
    Notice.objects.create(
        user=alice, render=approved, project=project, kind=NoticeKind.READY, message="Ready"
    )
    return project


def page_queries(client, project, query=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/projects/{project.code}/", query or {})
    assert response.status_code == 200
    return response, [q["sql"] for q in captured.captured_queries]


def more_renders(project, portrait, voiceover, alice):
    many = bulk_renders(project, portrait, voiceover, 60, prompt="smiles and nods")
    for render in many:
        finish(render, review_state=ReviewState.APPROVED)
    for render in list(Render.objects.filter(project=project, parent=None))[:5]:
        render_again(render=render, created_by=alice)


@pytest.mark.parametrize("query", [{}, FILTERED], ids=["plain", "filtered"])
def test_the_project_page_costs_at_most_ten_queries_whatever_its_size(
    client, alice, busy_project, portrait, voiceover, query
):
    login_as(client, alice)
    client.get(f"/projects/{busy_project.code}/")
    response, small = page_queries(client, busy_project, query)
    assert response.context["page"].object_list, "the page shows cards"
    assert len(small) <= MOST, "\n".join(small)
    more_renders(busy_project, portrait, voiceover, alice)
    response, large = page_queries(client, busy_project, query)
    assert len(response.context["page"].object_list) > 2
    assert len(large) == len(small), "\n".join(large)


def test_the_top_bar_still_names_the_current_team(client, alice, busy_project):
    other = team_create(owner=alice, name="Autumn agency")
    login_as(client, alice, team=other)
    response, _ = page_queries(client, busy_project)
    assert response.wsgi_request.membership.team == other
    assert "Autumn agency" in response.content.decode()
    login_as(client, alice, team=busy_project.team)
    response, _ = page_queries(client, busy_project)
    assert response.wsgi_request.membership.team == busy_project.team


def test_with_no_team_in_the_session_the_oldest_membership_is_current(client, alice, busy_project):
    team_create(owner=alice, name="Autumn agency")
    login_as(client, alice)
    response, _ = page_queries(client, busy_project)
    assert response.wsgi_request.membership.team == busy_project.team


def test_the_pause_banner_and_the_budget_line_still_show(client, alice, busy_project):
    login_as(client, alice)
    response, _ = page_queries(client, busy_project)
    assert response.context["provider_pause"] is None
    assert response.context["budget_line"] == ""
    ProviderPause.objects.create(id=1, category="auth", message="Kling refuses our keys.")
    set_budget(team=busy_project.team, project=None, units=500, by=alice)
    response, _ = page_queries(client, busy_project)
    assert response.context["provider_pause"].message == "Kling refuses our keys."
    assert "monthly budget of 500 units" in response.context["budget_line"]


def test_filtered_pages_past_the_end_show_the_last_one(client, alice, project, portrait, voiceover):
    for render in bulk_renders(project, portrait, voiceover, 30, prompt="smiles and nods"):
        finish(render, review_state=ReviewState.APPROVED)
    bulk_renders(project, portrait, voiceover, 5, prompt="nods, queued")
    login_as(client, alice)

    def shown(page):
        response, _ = page_queries(client, project, {**FILTERED, "page": page})
        page = response.context["page"]
        assert page.paginator.count == 30
        return page.number, [r.code for r in page.object_list]

    first, second = shown(1), shown(2)
    assert (first[0], len(first[1]), second[0], len(second[1])) == (1, 24, 2, 6)
    assert len(set(first[1] + second[1])) == 30
    assert shown(99) == shown(0) == second
    assert shown("x") == first
