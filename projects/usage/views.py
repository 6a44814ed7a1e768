"""What a team and a project used over a period: units, seconds of video,
renders done and failed, and where their monthly budgets stand. Every member
may look; outsiders get a 404. Owners also see the budget's form."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from projects.models import Budget
from projects.teams.access import get_membership, get_project
from projects.teams.roles import Action
from projects.usage.budgets import standing
from projects.usage.forms import BudgetForm, period_from_query
from projects.usage.periods import Preset
from projects.usage.report import project_usage, team_usage


def _period_context(request):
    period, form = period_from_query(request.GET)
    if period.preset == Preset.CUSTOM:
        query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    else:
        query = {"preset": period.preset}
    return {
        "period": period,
        "period_form": form,
        "presets": Preset.CHOICES,
        # Links between the team's and a project's usage keep the period.
        "period_query": urlencode(query),
    }


def budget_context(membership, team, project=None) -> dict:
    """This month's standing of the team's (or the project's) budget, with the
    team's beside a project's, and the form for owners."""
    now = timezone.now()
    wanted = Q(project__isnull=True) | Q(project=project) if project else Q(project__isnull=True)
    found = {b.project_id: standing(b, now) for b in Budget.objects.filter(wanted, team=team)}
    own = found.get(project.pk if project else None)
    return {
        "budget": own,
        "team_budget": found.get(None) if project else None,
        "can_manage_budget": membership.can(Action.MANAGE_BUDGET),
        "budget_form": BudgetForm(initial={"monthly_units": own.limit if own else None}),
    }


@require_GET
@login_required
def team_usage_view(request, team_code):
    membership = get_membership(request.user, team_code)
    context = _period_context(request)
    totals, rows = team_usage(team=membership.team, period=context["period"])
    return render(
        request,
        "projects/usage.html",
        {
            **context,
            "nav": "usage",
            "team": membership.team,
            "membership": membership,
            "totals": totals,
            "rows": rows,
            **budget_context(membership, membership.team),
        },
    )


@require_GET
@login_required
def project_usage_view(request, code):
    project, membership = get_project(request.user, code)
    context = _period_context(request)
    totals, rows = project_usage(project=project, period=context["period"])
    return render(
        request,
        "projects/usage.html",
        {
            **context,
            "team": project.team,
            "project": project,
            "membership": membership,
            "totals": totals,
            "rows": rows,
            **budget_context(membership, project.team, project),
        },
    )
