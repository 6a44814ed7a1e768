"""What a team and a project used over a period: units, seconds of video,
renders done and failed, a chart of spend over time, and where their monthly
budgets stand. Every member may look; outsiders get a 404. Owners also see
the budget's form."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from projects.models import Budget, Render
from projects.teams.access import get_membership, get_project
from projects.teams.roles import Action
from projects.usage.budgets import standing
from projects.usage.chart import spend_chart
from projects.usage.forms import BudgetForm, period_from_query
from projects.usage.periods import Preset
from projects.usage.report import project_usage, team_usage
from projects.usage.spend import spend_of


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


def chart_context(renders, period, budget) -> dict:
    """The chart of spend over time, against the page's own monthly budget."""
    spend = spend_of(renders, period, timezone.localdate())
    return {"chart": spend_chart(spend, budget=budget.limit if budget else None)}


@require_GET
@login_required
def team_usage_view(request, team_code):
    membership = get_membership(request.user, team_code)
    context = _period_context(request)
    totals, rows = team_usage(team=membership.team, period=context["period"])
    budgets = budget_context(membership, membership.team)
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
            **budgets,
            **chart_context(
                Render.objects.filter(project__team=membership.team),
                context["period"],
                budgets["budget"],
            ),
        },
    )


@require_GET
@login_required
def project_usage_view(request, code):
    project, membership = get_project(request.user, code)
    context = _period_context(request)
    totals, rows = project_usage(project=project, period=context["period"])
    budgets = budget_context(membership, project.team, project)
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
            **budgets,
            **chart_context(
                Render.objects.filter(project=project), context["period"], budgets["budget"]
            ),
        },
    )
