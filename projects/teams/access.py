"""Access helpers: every view starts here.

Each helper returns the object for this person or raises: 404 when the person
is not a member of the object's team (so outsiders learn nothing, not even
that it exists), ``TwoStepSignInRequired`` when the team asks its members for
two-step sign-in and this person has not set it up (the middleware shows them
how), 403 when they are a member whose role cannot do this.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.core.exceptions import PermissionDenied
from django.db.models import F, Subquery
from django.http import Http404

from projects.models import Asset, Membership, Project, ProviderPause, Render, Team, Webhook
from projects.teams.roles import Action, least_role_for


class RoleNeeded(PermissionDenied):
    """A member whose role cannot do this; the words name the role that can
    (the 403 page shows them: avatarstudio/errors.py)."""

    def __init__(self, membership: Membership, action: Action):
        team = membership.team.name
        words = (
            f"Your role in {team} ({membership.get_role_display().lower()}) does not allow this."
        )
        needed = least_role_for(action)
        if needed is not None:
            article = "an" if needed.label[0] in "AEIOU" else "a"
            words += f" Ask an owner of {team} to make you {article} {needed.label.lower()}."
        super().__init__(words)
        self.message = words


class TwoStepSignInRequired(PermissionDenied):
    """This team asks every member for two-step sign-in; this person has none."""

    def __init__(self, team: Team):
        super().__init__(f"{team.name} asks every member to use two-step sign-in.")
        self.team = team


def require_team_security(user, membership: Membership) -> None:
    """Raise TwoStepSignInRequired when the team asks for it and the person has none."""
    if membership.team.require_mfa and not is_mfa_enabled(user):
        raise TwoStepSignInRequired(membership.team)


def get_membership(user, team_code, action: Action = Action.VIEW) -> Membership:
    try:
        membership = Membership.objects.select_related("team").get(team__code=team_code, user=user)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404("No such team.")
    require_team_security(user, membership)
    _require(membership, action)
    return membership


def get_project(user, code, action: Action = Action.VIEW) -> tuple[Project, Membership]:
    """The project and the person's membership of its team, in one query.
    The membership also carries what the top bar asks of every page
    (``with_page_extras``), so a page about this team spares those queries."""
    try:
        project = (
            Project.objects.select_related("team")
            .filter(code=code, team__memberships__user=user)
            .annotate(
                member_pk=F("team__memberships__pk"),
                member_code=F("team__memberships__code"),
                member_role=F("team__memberships__role"),
                member_created=F("team__memberships__created"),
                **page_extras(user),
            )
            .get()
        )
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404("No such project.")
    membership = Membership(
        pk=project.member_pk,
        code=project.member_code,
        team=project.team,
        user=user,
        role=project.member_role,
        created=project.member_created,
    )
    membership.first_team_id = project.first_team_id
    membership.provider_pause_id = project.provider_pause_id
    require_team_security(user, membership)
    _require(membership, action)
    return project, membership


def page_extras(user) -> dict:
    """Annotations that answer, in a query a page makes anyway, what its top
    bar would ask separately: the team of the person's oldest membership
    (their current team when the session names none) and whether Kling is
    paused (the owners' banner)."""
    oldest = Membership.objects.filter(user=user).order_by("created", "pk")
    return {
        "first_team_id": Subquery(oldest.values("team_id")[:1]),
        "provider_pause_id": Subquery(ProviderPause.objects.order_by("pk").values("pk")[:1]),
    }


def get_render(user, code, action: Action = Action.VIEW) -> tuple[Render, Membership]:
    try:
        render = Render.objects.select_related(
            "project__team", "portrait__consent", "voiceover", "created_by", "batch"
        ).get(code=code)
    except (Render.DoesNotExist, ValueError, TypeError):
        raise Http404("No such video.")
    _, membership = get_project(user, render.project.code, action)
    return render, membership


def get_asset(user, code, action: Action = Action.VIEW) -> tuple[Asset, Membership]:
    """An asset of the person's team, removed from the library or not."""
    try:
        asset = Asset.objects.select_related("team", "project").get(code=code)
    except (Asset.DoesNotExist, ValueError, TypeError):
        raise Http404("No such file.")
    return asset, get_membership(user, asset.team.code, action)


def get_webhook(user, team_code, code) -> tuple[Webhook, Membership]:
    """A webhook of the team, for those who manage its webhooks (owners)."""
    membership = get_membership(user, team_code, Action.MANAGE_WEBHOOKS)
    try:
        webhook = Webhook.objects.select_related("team").get(team=membership.team, code=code)
    except (Webhook.DoesNotExist, ValueError, TypeError):
        raise Http404("No such webhook.")
    return webhook, membership


def _require(membership: Membership, action: Action):
    if not membership.can(action):
        raise RoleNeeded(membership, action)
