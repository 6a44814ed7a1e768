"""Filters for the gallery and a render's page (times and sizes: ``wording``)."""

import json

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
def progress(render):
    """{{ render|progress }}: the progress line's fields (words, fraction, eta…)."""
    return gallery.progress_json(render)


@register.filter
def as_json(value):
    """{{ data|as_json }} inside an attribute: escaped by the template, parsed by the script."""
    return json.dumps(value)


@register.filter
def percent(fraction):
    """0.42 → 42: a <progress>'s fallback text."""
    return round((fraction or 0) * 100)


@register.filter
def decimal_point(fraction):
    """0.42 → "0.4200", whatever the language: a <progress>'s value attribute."""
    return f"{fraction or 0:.4f}"


@register.filter
def pending_version(render):
    """The other version of a card's stack still on its way, or None."""
    return stacks.pending_version(render)
