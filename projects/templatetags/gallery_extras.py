"""Filters for the gallery, a render's conversation and the usage pages."""

import math
from decimal import Decimal, InvalidOperation

from django import template

from projects import gallery
from projects.reviews import moment_words

register = template.Library()


@register.filter
def reason(render):
    return gallery.reason_words(render)


@register.filter
def elapsed_phrase(render):
    return gallery.elapsed_phrase(render)


@register.filter
def span_until(start, end):
    """{{ render.created|span_until:render.submitted_at }} → "3 seconds"."""
    if not start or not end:
        return ""
    return gallery.span_words(start, end)


@register.filter
def ago(start):
    """{{ render.created|ago }} → "8 seconds ago", "3 hours ago"."""
    return f"{gallery.span_words(start)} ago" if start else ""


@register.filter
def moment(seconds):
    """3.7 → "0:03": how a moment of a video reads."""
    return moment_words(seconds)


@register.filter
def seconds_words(seconds):
    """Seconds of video in words: 42.5 → "42.5 s", 754 → "12 min 34 s", 4000 → "1 h 6 min"."""
    if not seconds:
        return "0 s"
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = math.floor(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s"


@register.filter
def units(value):
    """Kling units without trailing zeros: 2.400 → "2.4", 3.000 → "3"."""
    if value is None:
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    return f"{number.quantize(Decimal('0.001')).normalize():f}"
