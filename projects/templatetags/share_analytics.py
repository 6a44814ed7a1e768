"""Template helpers of a share link's page: its viewing figures, and whether
this person may change the link (set its password)."""

from django import template

from projects.models import Membership
from projects.sharing.analytics import link_analytics as figures_of
from projects.teams.roles import Action

register = template.Library()


@register.simple_tag
def link_analytics(link, videos=None):
    """``{% link_analytics link videos as figures %}``: the link's figures, a
    row per video of ``videos`` (the link's videos when not given)."""
    return figures_of(link, videos or None)


@register.simple_tag(takes_context=True)
def may_manage_link(context, link):
    """Whether the person looking may manage the link's sharing (owners)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    membership = Membership.objects.filter(team_id=link.project.team_id, user=user).first()
    return bool(membership) and membership.can(Action.MANAGE_SHARES)
