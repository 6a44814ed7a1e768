"""``{% load wording %}``: how times, durations and sizes read in templates.

Every filter here is a thin call into ``projects.wording``; no other tag
library words a time, a duration or a size.
"""

from django import template

from projects import wording
from projects.gallery import cards as gallery
from projects.usage import money as money_module

register = template.Library()


@register.filter
def ago(moment):
    """{{ render.created|ago }} → "just now", "3 hours ago"."""
    return wording.ago(moment)


@register.filter
def ago_to_the_minute(moment):
    """{{ link.last_used_at|ago_to_the_minute }} → "just now", "3 hours ago"."""
    return wording.ago_to_the_minute(moment)


@register.filter
def span_until(start, end):
    """{{ render.created|span_until:render.submitted_at }} → "3 seconds"."""
    if not start or not end:
        return ""
    return wording.span(start, end)


@register.filter
def elapsed(render):
    """{{ render|elapsed }} → "8 seconds": how long a render took, or has taken."""
    return gallery.elapsed_words(render)


@register.filter
def elapsed_phrase(render):
    """{{ render|elapsed_phrase }} → "Took 3 minutes", "Less than a minute so far"."""
    return gallery.elapsed_phrase(render)


@register.filter
def moment(seconds):
    """{{ comment.at_seconds|moment }} → "0:03": how a moment of a video reads."""
    return wording.moment_words(seconds)


@register.filter
def seconds_words(seconds):
    """{{ totals.seconds|seconds_words }} → "42.5 s", "12 min 34 s"."""
    return wording.seconds_words(seconds)


@register.filter
def units(value):
    """{{ render.units|units }} → "2.4": Kling units without trailing zeros."""
    return wording.units(value)


@register.filter
def money(units):
    """{{ render.units|money }} → "€3.10", or "" when no price is set."""
    return money_module.money(units)


@register.filter
def cost(units):
    """{{ render.units|cost }} → "12.4 units (≈ €3.10)"."""
    return money_module.cost_words(units)
