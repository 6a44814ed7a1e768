"""Template helpers for share links and invitations (times read through ``wording``)."""

from django import template
from django.db.models import Count

from projects.sharing.forms import ShareLinkForm
from projects.teams.forms import InviteForm
from projects.teams.invites import invites_pending
from projects.teams.roles import Action

register = template.Library()


@register.filter
def can(membership, action):
    """``{% if membership|can:"manage_shares" %}``: the role check of
    projects.teams.roles, for templates (which cannot pass arguments to methods)."""
    return bool(membership) and membership.can(Action(action))


@register.simple_tag
def share_links(project, render=None):
    """The share links an owner manages here: the project's, or one render's."""
    links = project.share_links.annotate(video_count=Count("entries"))
    if render is not None:
        links = links.filter(pk__in=project.share_links.filter(entries__render=render).values("pk"))
    return list(links)


@register.simple_tag
def share_form():
    return ShareLinkForm()


@register.simple_tag
def invite_form():
    return InviteForm()


@register.simple_tag
def pending_invites(team):
    return list(invites_pending(team))
