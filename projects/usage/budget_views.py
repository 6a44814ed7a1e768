"""Setting a team's or a project's monthly budget: owners only. Bad input
changes nothing and says why; raising a budget lets held videos go on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from projects.renders.holds import resume_held
from projects.teams.access import get_membership, get_project
from projects.teams.roles import Action
from projects.usage.budgets import set_budget
from projects.usage.forms import BudgetForm


@require_POST
@login_required
def team_budget(request, team_code):
    membership = get_membership(request.user, team_code, Action.MANAGE_BUDGET)
    team = membership.team
    back = reverse("team_usage", args=[team.code]) + "#budget"
    return _save(request, team=team, project=None, back=back, whose=team.name)


@require_POST
@login_required
def project_budget(request, code):
    project, membership = get_project(request.user, code, Action.MANAGE_BUDGET)
    back = reverse("project_usage", args=[project.code]) + "#budget"
    return _save(request, team=project.team, project=project, back=back, whose=f"“{project.name}”")


def _save(request, *, team, project, back, whose):
    form = BudgetForm(request.POST)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, f"{errors[0]} The budget did not change.")
        return redirect(back)
    units = form.cleaned_data["monthly_units"]
    set_budget(team=team, project=project, units=units, by=request.user)
    if units is None:
        messages.success(request, f"{whose} has no monthly budget now.")
    else:
        messages.success(request, f"The monthly budget of {whose} is now {units:,} units.")
    resumed = resume_held(team=team)
    if resumed:
        messages.success(
            request,
            "1 video that waited over budget goes on now."
            if resumed == 1
            else f"{resumed} videos that waited over budget go on now.",
        )
    return redirect(back)
