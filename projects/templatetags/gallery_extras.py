"""Filters for the gallery and a render's page (times and sizes: ``wording``)."""

from django import template

from projects.gallery import cards as gallery

register = template.Library()


@register.filter
def reason(render):
    return gallery.reason_words(render)


@register.filter
def review_words(render):
    return gallery.review_words(render)
