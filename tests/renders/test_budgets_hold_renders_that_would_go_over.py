"""Monthly budgets, as the worker enforces them (projects/renders/holds.py,
projects/usage/budgets.py): a render that would take its team or its project
over budget is not claimed but held; an owner's release sends it anyway; a
budget that allows it lets it go on by itself. Run on SQLite, one claim after
another; tests/production/test_two_clusters_never_overspend_a_budget.py races
them on PostgreSQL."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.models import Budget, Project, Render, RenderStatus
from projects.renders import pump
from projects.renders.holds import claim_within_budget, release_held, resume_held
from projects.renders.services import render_cancel, render_create, render_retry
from projects.renders.submission import render_submit
from projects.usage.budgets import month_start, over_budget, set_budget, spent
from tests.factories import portrait_asset, voiceover_asset

S = RenderStatus
# The renders of tests/renders/conftest.py: a 3-second voiceover, standard
# quality (0.4 units a second).
EACH = Decimal("1.2")


def at(render, status, **fields):
    Render.objects.filter(pk=render.pk).update(status=status, **fields)
    render.refresh_from_db()
    return render


def budget(team, units, project=None):
    return Budget.objects.create(team=team, project=project, monthly_units=units)


def claim(render):
    return claim_within_budget(render.pk, timezone.now())


def status(render):
    return Render.objects.values_list("status", flat=True).get(pk=render.pk)


def submitted(enqueued):
    return [args[0] for func, args in enqueued if func.endswith("submit_render")]


class NoKling:
    """A client that fails the test if anything reaches Kling."""

    def __getattr__(self, name):
        raise AssertionError(f"Kling was called: {name}")


@pytest.fixture
def make_in(alice, portrait, voiceover, enqueued):
    """A render in another project of the team."""

    def make(project):
        return render_create(
            project=project, created_by=alice, portrait=portrait, voiceover=voiceover
        )

    return make


def test_without_a_budget_a_render_is_claimed_as_before(make_render):
    render = make_render()
    claimed, outcome = claim(render)
    assert (claimed.pk, claimed.status, outcome) == (render.pk, S.SUBMITTING, "claimed")


def test_renders_are_claimed_while_they_fit_and_held_once_one_would_go_over(team, make_render):
    budget(team, 3)  # room for two renders of 1.2 units, not three
    first, second, third = make_render(), make_render(), make_render()

    assert claim(first)[1] == "claimed"
    assert claim(second)[1] == "claimed"
    claimed, outcome = claim(third)

    assert (claimed, outcome, status(third)) == (None, "held", S.HELD)


def test_a_render_that_reaches_the_budget_exactly_still_fits(team, make_render):
    budget(team, 3)
    finish_at = timezone.now()
    done = make_render()
    at(done, S.DONE, units=Decimal("1.8"), finished_at=finish_at)

    assert claim(make_render())[1] == "claimed"  # 1.8 + 1.2 = 3


def test_a_held_render_never_reaches_kling(team, make_render):
    budget(team, 1)
    render = make_render()

    assert render_submit(render_id=render.pk, client=NoKling()) == "held"
    assert status(render) == S.HELD


def test_spent_counts_this_months_videos_and_what_kling_has_nothing_else(
    team, charlie, make_render, enqueued
):
    now = timezone.now()
    last_month = month_start(now) - timedelta(hours=1)
    at(make_render(), S.DONE, units=Decimal("1.0"), finished_at=now)
    at(make_render(), S.DONE, units=Decimal("50"), finished_at=last_month)
    at(make_render(), S.FAILED, finished_at=now)
    at(make_render(), S.CANCELED, finished_at=now)
    at(make_render(), S.HELD)
    make_render()  # queued: the worker counts it when it claims it
    at(make_render(), S.SUBMITTING)  # estimate: 1.2
    at(make_render(), S.PROCESSING)  # estimate: 1.2
    at(make_render(), S.ARCHIVING, units=Decimal("0.9"))  # Kling's own figure
    at(make_render(), S.QUEUED, create_sent_at=now)  # Kling may have it: 1.2
    # Another team's renders are not this team's.
    theirs = Project.objects.create(team=charlie.memberships.get().team, name="Theirs")
    at(
        render_create(
            project=theirs,
            created_by=charlie,
            portrait=portrait_asset(theirs.team),
            voiceover=voiceover_asset(theirs.team),
        ),
        S.SUBMITTING,
    )
    team_budget = budget(team, 100)

    assert spent(team_budget, now) == Decimal("1.0") + 3 * EACH + Decimal("0.9")


def test_a_project_budget_holds_its_renders_while_the_team_has_room(
    team, alice, project, make_render, make_in
):
    budget(team, 100)
    project_budget = budget(team, 1, project=project)
    other = Project.objects.create(team=team, name="Autumn", created_by=alice)
    elsewhere = make_in(other)
    here = make_render()

    assert claim(elsewhere)[1] == "claimed"
    assert claim(here)[1] == "held"
    assert over_budget(here, timezone.now()) == project_budget


def test_the_team_budget_counts_the_renders_of_all_its_projects(team, alice, make_render, make_in):
    budget(team, 2)
    other = Project.objects.create(team=team, name="Autumn", created_by=alice)
    assert claim(make_in(other))[1] == "claimed"
    assert claim(make_render())[1] == "held"


def test_a_render_kling_may_have_already_is_looked_up_never_held(team, make_render):
    budget(team, 0)
    render = at(make_render(), S.QUEUED, create_sent_at=timezone.now())
    assert claim(render)[1] == "claimed"


def test_a_script_is_estimated_from_its_length_so_budgets_apply_to_it(team, make_render):
    # 150 characters are about 10 seconds of speech at 15 a second: 4 units.
    script = "Meet our spring collection. " * 5 + "x" * 10
    assert len(script) == 150
    render = make_render(voiceover=None, script=script, voice_id="uk_man2")
    assert render.estimated_units() == 4.0

    small = budget(team, 3)
    assert claim(render)[1] == "held"
    small.monthly_units = 4
    small.save()
    assert resume_held() == 1
    assert claim(render)[1] == "claimed"


def test_an_owner_releases_a_held_render_and_it_is_sent_over_budget(
    team, alice, make_render, enqueued, django_capture_on_commit_callbacks
):
    budget(team, 1)
    render = make_render()
    assert claim(render)[1] == "held"

    with django_capture_on_commit_callbacks(execute=True):
        assert release_held(render=render, by=alice) is True

    render.refresh_from_db()
    assert (render.status, render.budget_released_by) == (S.QUEUED, alice)
    assert submitted(enqueued) == [render.pk]
    assert claim(render)[1] == "claimed"


def test_only_a_held_render_can_be_released(alice, make_render):
    render = make_render()
    assert release_held(render=render, by=alice) is False
    assert status(render) == S.QUEUED


def test_raising_the_budget_lets_held_renders_go_on_oldest_first_as_far_as_they_fit(
    team, alice, make_render, enqueued, django_capture_on_commit_callbacks
):
    budget(team, 1)
    oldest, middle, newest = make_render(), make_render(), make_render()
    for render in (oldest, middle, newest):
        assert claim(render)[1] == "held"

    set_budget(team=team, project=None, units=3, by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_held() == 2

    assert submitted(enqueued) == [oldest.pk, middle.pk]

    assert [status(r) for r in (oldest, middle, newest)] == [S.QUEUED, S.QUEUED, S.HELD]
    assert claim(oldest)[1] == "claimed"
    assert claim(middle)[1] == "claimed"


def test_the_pump_lets_held_renders_go_on_when_the_budget_allows(team, make_render, enqueued):
    team_budget = budget(team, 1)
    render = make_render()
    assert claim(render)[1] == "held"
    pump.pump(seconds=0)
    assert status(render) == S.HELD

    team_budget.monthly_units = 10
    team_budget.save()
    pump.pump(seconds=0)

    assert status(render) == S.QUEUED


def test_removing_the_budget_lets_held_renders_go_on(team, alice, make_render, enqueued):
    budget(team, 1)
    render = make_render()
    assert claim(render)[1] == "held"
    set_budget(team=team, project=None, units=None, by=alice)
    assert resume_held() == 1
    assert claim(render)[1] == "claimed"


def test_held_renders_do_not_keep_the_pump_running(team, make_render):
    budget(team, 1)
    render = make_render()
    claim(render)
    assert status(render) == S.HELD
    assert pump.work_remains() is False


def test_a_held_render_can_be_canceled_and_a_retry_needs_a_new_release(
    team, alice, make_render, enqueued
):
    budget(team, 1)
    render = make_render()
    claim(render)
    release_held(render=render, by=alice)
    claim(render)
    at(render, S.FAILED)
    assert render_retry(render=render) is True
    assert render.budget_released_at is None
    assert claim(render)[1] == "held"

    assert render_cancel(render=render) is True
    assert status(render) == S.CANCELED


@pytest.mark.parametrize(
    ("group", "statuses"),
    [
        pytest.param(lambda q: q.in_stages("held"), {S.HELD}, id="held"),
        pytest.param(
            lambda q: q.active(),
            {S.QUEUED, S.SUBMITTING, S.SUBMITTED, S.PROCESSING, S.ARCHIVING},
            id="active",
        ),
        pytest.param(
            lambda q: q.with_kling(),
            {S.SUBMITTING, S.SUBMITTED, S.PROCESSING, S.ARCHIVING},
            id="with_kling",
        ),
    ],
)
def test_the_groups_budgets_and_the_pump_ask_for(make_render, group, statuses):
    for each in S:
        at(make_render(), each)
    assert {r.status for r in group(Render.objects.all())} == statuses


def test_a_voiceover_of_unknown_length_counts_as_the_longest(team, project, make_render):
    voiceover = voiceover_asset(team, project=project, seconds=2.0)
    voiceover.duration = None
    voiceover.save()
    budget(team, 100)  # 300 s at 0.4 units a second is 120 units
    render = make_render(voiceover=voiceover, portrait=portrait_asset(team, colour=(1, 2, 3)))
    assert claim(render)[1] == "held"
