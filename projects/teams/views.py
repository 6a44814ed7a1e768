from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from projects.models import Membership
from projects.teams.access import get_membership
from projects.teams.forms import AddMemberForm, RoleForm, TeamForm
from projects.teams.middleware import SESSION_KEY
from projects.teams.roles import ROLE_SUMMARIES, Action, Role
from projects.teams.services import (
    membership_add,
    membership_change_role,
    membership_remove,
    team_create,
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


@login_required
def team_members(request, team_code):
    membership = get_membership(request.user, team_code)
    team = membership.team
    can_manage = membership.can(Action.MANAGE_MEMBERS)
    form = AddMemberForm(request.POST or None)
    rename_form = TeamForm(initial={"name": team.name})
    if request.method == "POST":
        get_membership(request.user, team_code, Action.MANAGE_MEMBERS)
        if form.is_valid():
            try:
                added = membership_add(team=team, user=form.user, role=form.cleaned_data["role"])
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request, f"{added.user} joined {team} as {added.get_role_display().lower()}."
                )
                return redirect("team_members", team_code=team.code)
    members = team.memberships.select_related("user").order_by("user__first_name", "user__email")
    return render(
        request,
        "projects/team_members.html",
        {
            "team": team,
            "membership": membership,
            "members": members,
            "can_manage": can_manage,
            "form": form,
            "rename_form": rename_form,
            "roles": Role.choices,
            "role_summaries": [(Role(r).label, s) for r, s in ROLE_SUMMARIES.items()],
        },
    )


@require_POST
@login_required
def team_rename(request, team_code):
    membership = get_membership(request.user, team_code, Action.MANAGE_TEAM)
    form = TeamForm(request.POST)
    if form.is_valid():
        membership.team.name = form.cleaned_data["name"]
        membership.team.save(update_fields=["name"])
        messages.success(request, "Team renamed.")
    else:
        messages.error(request, "A team needs a name of at most 100 characters.")
    return redirect("team_members", team_code=team_code)


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
        membership_change_role(membership=member, role=form.cleaned_data["role"])
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
        membership_remove(membership=member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("team_members", team_code=team_code)
    messages.success(request, f"{member.user} no longer has access to {member.team}.")
    if member.user_id == request.user.id:
        return redirect("team_list")
    return redirect("team_members", team_code=team_code)
