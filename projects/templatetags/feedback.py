"""Clients' feedback through a share link, for the team's pages."""

from django import template

from projects.sharing.feedback import link_feedback as feedback_of

register = template.Library()


@register.simple_tag
def link_feedback(link):
    """``{% link_feedback link as said %}``: what clients said through the
    link, newest first."""
    return list(feedback_of(link))
