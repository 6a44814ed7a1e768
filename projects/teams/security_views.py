"""A team's security: its owners can ask every member for two-step sign-in."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from projects.teams.access import get_membership
from projects.teams.forms import TeamSecurityForm
from projects.teams.roles import Action
from projects.teams.services import team_require_mfa


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_security(request, team_code):
    membership = get_membership(request.user, team_code, Action.MANAGE_TEAM)
    team = membership.team
    has_mfa = is_mfa_enabled(request.user)
    # An unticked box sends nothing: a POST is a bound form even when empty.
    data = request.POST if request.method == "POST" else None
    form = TeamSecurityForm(data, initial={"require_mfa": team.require_mfa})
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["require_mfa"]
        if wanted and not has_mfa:
            # Nothing changes: the owner would be the first one locked out.
            form.add_error(
                "require_mfa",
                "Set up two-step sign-in for yourself first, then come back to ask it of everyone.",
            )
        else:
            team_require_mfa(team, wanted, request.user)
            if wanted:
                messages.success(
                    request, f"Every member of {team.name} now needs two-step sign-in."
                )
            else:
                messages.success(request, f"Two-step sign-in is now optional in {team.name}.")
            return redirect("team_members", team_code=team.code)
    without = (
        team.memberships.exclude(user__authenticator__isnull=False)
        .select_related("user")
        .order_by("user__first_name", "user__email")
        .distinct()
    )
    return render(
        request,
        "projects/team_security.html",
        {"team": team, "form": form, "has_mfa": has_mfa, "without": without},
        status=400 if form.errors else 200,
    )
