"""What a team and a project used over a period: units, seconds of video,
renders done and failed. Every member may look; outsiders get a 404."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from projects.teams.access import get_membership, get_project
from projects.usage.forms import period_from_query
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
        },
    )
