"""Team invitations: owners invite by link or e-mail; the invited person joins."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from projects.links import absolute_url
from projects.models import Invite
from projects.teams.access import get_membership
from projects.teams.forms import InviteForm
from projects.teams.invites import (
    InviteRefused,
    invite_accept,
    invite_check,
    invite_create,
    invite_resolve,
    invite_revoke,
    invite_url,
)
from projects.teams.middleware import SESSION_KEY
from projects.teams.roles import ROLE_SUMMARIES, Action, Role


@never_cache
@login_required
def invite_create_view(request, team_code):
    membership = get_membership(request.user, team_code, Action.MANAGE_MEMBERS)
    team = membership.team
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invite, token = invite_create(
                team=team,
                created_by=request.user,
                role=data["role"],
                email=data["email"],
                days=data["days"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            return render(
                request,
                "projects/invite_created.html",
                {"team": team, "invite": invite, "url": absolute_url(invite_url(token), request)},
            )
    return render(
        request,
        "projects/invite_new.html",
        {"team": team, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def invite_revoke_view(request, team_code, code):
    get_membership(request.user, team_code, Action.MANAGE_MEMBERS)
    try:
        invite = Invite.objects.select_related("team").get(team__code=team_code, code=code)
    except (Invite.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such invitation.")
    if invite.accepted_at:
        messages.info(request, "This invitation was already used, so there is nothing to withdraw.")
    else:
        invite_revoke(invite=invite, by=request.user)
        messages.success(request, "Invitation withdrawn. Its link no longer works.")
    return redirect(f"{reverse('team_members', args=[team_code])}#invites")


def _login_url(name, next_url):
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invite_accept_view(request, token):
    invite = invite_resolve(token)
    if invite is None:
        return render(
            request,
            "projects/invite_gone.html",
            {
                "message": "This invitation link does not work. Check that you copied all of it, "
                "or ask the person who invited you for a new one."
            },
            status=404,
        )
    user = request.user if request.user.is_authenticated else None
    try:
        invite_check(invite=invite, user=user)
    except InviteRefused as refusal:
        return render(
            request,
            "projects/invite_gone.html",
            {"message": refusal.message, "wrong_account": refusal.status == 403},
            status=refusal.status,
        )
    if user is None:
        if request.method == "POST":
            return redirect(_login_url("login", request.path))
        return render(
            request,
            "projects/invite_accept.html",
            {
                "invite": invite,
                "team": invite.team,
                "login_url": _login_url("login", request.path),
                "signup_url": _login_url("signup", request.path),
            },
        )
    already = user.memberships.filter(team=invite.team).first()
    if request.method != "POST":
        return render(
            request,
            "projects/invite_accept.html",
            {
                "invite": invite,
                "team": invite.team,
                "already": already,
                "role_summary": ROLE_SUMMARIES[Role(invite.role)],
            },
        )
    try:
        membership, joined = invite_accept(invite=invite, user=user)
    except InviteRefused as refusal:
        return render(
            request,
            "projects/invite_gone.html",
            {"message": refusal.message, "wrong_account": refusal.status == 403},
            status=refusal.status,
        )
    request.session[SESSION_KEY] = str(invite.team.code)
    if joined:
        messages.success(
            request,
            f"Welcome to {invite.team}! You joined as {membership.get_role_display().lower()}.",
        )
    else:
        messages.info(request, f"You are already a member of {invite.team}.")
    return redirect("project_list")
