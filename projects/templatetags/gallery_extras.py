"""Filters for the gallery and a render's page (times and sizes: ``wording``)."""

from django import template

from projects.gallery import cards as gallery
from projects.gallery import stacks

register = template.Library()


@register.filter
def reason(render):
    return gallery.reason_words(render)


@register.filter
def review_words(render):
    return gallery.review_words(render)


@register.filter
def pending_version(render):
    """The other version of a card's stack still on its way, or None."""
    return stacks.pending_version(render)
