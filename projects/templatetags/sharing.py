"""Template helpers for share links and invitations."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from projects.roles import Action

register = template.Library()


@register.filter
def can(membership, action):
    """``{% if membership|can:"manage_shares" %}``: the role check of
    projects.roles, for templates (which cannot pass arguments to methods)."""
    return bool(membership) and membership.can(Action(action))


@register.filter
def ago(moment):
    """ "just now", or "3 hours ago": "0 minutes ago" reads like a bug."""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"


@register.simple_tag
def share_links(project, render=None):
    """The share links an owner manages here: the project's, or one render's."""
    links = project.share_links.select_related("render")
    if render is not None:
        links = links.filter(render=render)
    return list(links)


@register.simple_tag
def share_form():
    from projects.views.sharing import ShareLinkForm

    return ShareLinkForm()


@register.simple_tag
def invite_form():
    from projects.views.invites import InviteForm

    return InviteForm()


@register.simple_tag
def pending_invites(team):
    from projects.sharing import invites_pending

    return list(invites_pending(team))
