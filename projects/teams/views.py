from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from projects.models import Membership
from projects.teams.access import get_membership
from projects.teams.forms import RoleForm, TeamForm
from projects.teams.middleware import SESSION_KEY, current_membership
from projects.teams.roles import ROLE_SUMMARIES, Action, Role
from projects.teams.services import (
    membership_change_role,
    membership_leave,
    membership_remove,
    team_create,
    team_rename_save,
)


@login_required
def team_list(request):
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = team_create(owner=request.user, name=form.cleaned_data["name"])
        request.session[SESSION_KEY] = str(team.code)
        messages.success(request, f"Team “{team.name}” created. You are its owner.")
        return redirect("project_list")
    memberships = request.user.memberships.select_related("team").order_by("team__name")
    return render(request, "projects/team_list.html", {"memberships": memberships, "form": form})


@require_POST
@login_required
def team_switch(request, team_code):
    membership = get_membership(request.user, team_code)
    request.session[SESSION_KEY] = str(membership.team.code)
    messages.info(request, f"You are now working in “{membership.team.name}”.")
    return redirect("project_list")


@require_safe
@login_required
def team_members(request, team_code):
    # Only a page: people join a team by accepting an invitation, never by
    # being added (projects.teams.invites).
    membership = get_membership(request.user, team_code)
    return _members_page(request, membership, TeamForm(initial={"name": membership.team.name}))


def _members_page(request, membership, rename_form, status=200):
    team = membership.team
    members = team.memberships.select_related("user").order_by("user__first_name", "user__email")
    return render(
        request,
        "projects/team_members.html",
        {
            "team": team,
            "membership": membership,
            "members": members,
            "can_manage": membership.can(Action.MANAGE_MEMBERS),
            "can_rename": membership.can(Action.MANAGE_TEAM),
            "rename_form": rename_form,
            "roles": Role.choices,
            "role_summaries": [(Role(r).label, s) for r, s in ROLE_SUMMARIES.items()],
        },
        status=status,
    )


@require_POST
@login_required
def team_rename(request, team_code):
    membership = get_membership(request.user, team_code, Action.MANAGE_TEAM)
    form = TeamForm(request.POST)
    if not form.is_valid():
        return _members_page(request, membership, form, status=400)
    team_rename_save(membership.team, form.cleaned_data["name"], request.user)
    messages.success(request, "Team renamed.")
    return redirect("team_members", team_code=team_code)


@require_POST
@login_required
def team_leave(request, team_code):
    membership = get_membership(request.user, team_code)
    team = membership.team
    try:
        membership_leave(membership=membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("team_members", team_code=team_code)
    # Work goes on in a team they are still in: the one they were working in,
    # or else their oldest (the current-team middleware's rule).
    current = current_membership(request)
    if current is None:
        request.session.pop(SESSION_KEY, None)
        messages.success(
            request,
            f"You left {team}. You are not in any team now: create one below, "
            "or open an invitation a colleague sent you.",
        )
        return redirect("team_list")
    request.session[SESSION_KEY] = str(current.team.code)
    messages.success(request, f"You left {team}. You are working in {current.team} now.")
    return redirect("project_list")


def _member(request, team_code, member_code):
    get_membership(request.user, team_code, Action.MANAGE_MEMBERS)
    try:
        return Membership.objects.select_related("team", "user").get(
            team__code=team_code, code=member_code
        )
    except (Membership.DoesNotExist, ValueError):
        raise Http404("No such member.")


@require_POST
@login_required
def member_role(request, team_code, member_code):
    member = _member(request, team_code, member_code)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick one of the roles: owner, editor or viewer.")
        return redirect("team_members", team_code=team_code)
    try:
        membership_change_role(membership=member, role=form.cleaned_data["role"], by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{member.user} is now {member.get_role_display().lower()}.")
    return redirect("team_members", team_code=team_code)


@require_POST
@login_required
def member_remove(request, team_code, member_code):
    member = _member(request, team_code, member_code)
    try:
        membership_remove(membership=member, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("team_members", team_code=team_code)
    messages.success(request, f"{member.user} no longer has access to {member.team}.")
    if member.user_id == request.user.id:
        return redirect("team_list")
    return redirect("team_members", team_code=team_code)
