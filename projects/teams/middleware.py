from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from projects.teams.access import TwoStepSignInRequired, page_extras

SESSION_KEY = "current_team"


def current_membership(request):
    """The membership of the team this person is working in, or None.

    The team is remembered in the session; when it is missing or the person
    left that team, their first team is used.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = user.memberships.select_related("team").annotate(**page_extras(user))
    code = request.session.get(SESSION_KEY)
    if code:
        membership = memberships.filter(team__code=code).first()
        if membership:
            return membership
    return memberships.order_by("created", "pk").first()


def adopt_current_team(request, membership):
    """When ``membership`` (from the access helper, ``get_project``) is the
    one ``current_membership`` would find, the top bar uses it rather than
    asking the database again."""
    code = request.session.get(SESSION_KEY)
    if code == str(membership.team.code) or (
        not code and getattr(membership, "first_team_id", None) == membership.team_id
    ):
        request.membership = membership


class CurrentTeamMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        return self.get_response(request)


class TeamSecurityMiddleware:
    """A team's page refused for want of two-step sign-in says why and how to
    set it up, instead of a bare "403 Forbidden"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, TwoStepSignInRequired):
            return None
        others = request.user.memberships.exclude(team=exception.team).exists()
        return render(
            request,
            "projects/two_step_required.html",
            {"required_by": exception.team, "other_teams": others},
            status=403,
        )
