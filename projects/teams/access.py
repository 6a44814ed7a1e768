"""Access helpers: every view starts here.

Each helper returns the object for this person or raises: 404 when the person
is not a member of the object's team (so outsiders learn nothing, not even
that it exists), 403 when they are a member whose role cannot do this.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from projects.models import Membership, Project, Render
from projects.teams.roles import Action


def get_membership(user, team_code, action: Action = Action.VIEW) -> Membership:
    try:
        membership = Membership.objects.select_related("team").get(team__code=team_code, user=user)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404("No such team.")
    _require(membership, action)
    return membership


def get_project(user, code, action: Action = Action.VIEW) -> tuple[Project, Membership]:
    try:
        project = Project.objects.select_related("team").get(code=code)
        membership = Membership.objects.get(team_id=project.team_id, user=user)
    except (Project.DoesNotExist, Membership.DoesNotExist, ValueError, TypeError):
        raise Http404("No such project.")
    membership.team = project.team
    _require(membership, action)
    return project, membership


def get_render(user, code, action: Action = Action.VIEW) -> tuple[Render, Membership]:
    try:
        render = Render.objects.select_related(
            "project__team", "portrait", "voiceover", "created_by", "batch"
        ).get(code=code)
    except (Render.DoesNotExist, ValueError, TypeError):
        raise Http404("No such video.")
    _, membership = get_project(user, render.project.code, action)
    return render, membership


def _require(membership: Membership, action: Action):
    if not membership.can(action):
        raise PermissionDenied(
            f"Your role in {membership.team.name} ({membership.get_role_display().lower()}) "
            "does not allow this."
        )
