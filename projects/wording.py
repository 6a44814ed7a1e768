"""How times, durations and sizes read, written once.

The template filters (``{% load wording %}``), the gallery's card JSON, the
e-mails and refusals all word a moment, a span of time or a number of bytes
through these functions, so the same thing reads the same everywhere.

Spans of a minute or more are Django's ``timesince`` ("3 hours, 5 minutes",
with a non-breaking space inside each part). Below a minute ``timesince``
says "0 minutes", which reads like a bug, so a span says the seconds, and
"how long ago" says "just now" (a page stays open: "0 seconds ago" would
soon be untrue).
"""

import math
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.timesince import timesince

KB = 1024
MB = 1024 * KB  # "10 MB" is 10 * 1024 * 1024 bytes, as Kling and filesizeformat count.


def quantity(count, unit):
    """A count of something: (1, "minute") → "1 minute", (7, "day") → "7 days"."""
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


# --- Times and durations ------------------------------------------------------


def span(start, end=None):
    """How long from start to end (now if no end), with the seconds under a
    minute, which is what sandbox renders and failures often take:
    "8 seconds", "1 second", then "3 minutes", "2 hours, 5 minutes"."""
    end = end or timezone.now()
    seconds = max(0, int((end - start).total_seconds()))
    if seconds < 60:
        return quantity(seconds, "second")
    return timesince(start, end)


def ago(moment):
    """How long ago: "just now" under a minute (a page can stay open for a
    while: "0 seconds ago" read 15 seconds later is untrue), then "3 minutes
    ago", "3 hours, 2 minutes ago"; "" for no moment. Pages that stay open
    tick it on in the browser (``<time data-ago>``, static/js/times.js)."""
    if not moment:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment, timezone.now())} ago"


def ago_to_the_minute(moment):
    """How long ago a moment that is only known to the minute (a share link's
    last use is written once a minute): as ``ago``, "just now", "3 minutes ago"."""
    return ago(moment)


def clock(seconds):
    """Time spent so far, as a ticking clock shows it (static/js/progress.js
    says the same): "12 s", "1 min 12 s", "1 h 3 min"."""
    whole = max(0, math.floor(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def took(start, end=None, *, finished):
    """How long a piece of work took, or has taken so far (end is now if not
    given), without seconds: "Took less than a minute", "3 minutes so far"."""
    end = end or timezone.now()
    words = "less than a minute" if end - start < timedelta(minutes=1) else timesince(start, end)
    return f"Took {words}" if finished else f"{words[0].upper()}{words[1:]} so far"


def moment_words(seconds):
    """A moment of a video as a player shows it: 3.7 → "0:03", 75 → "1:15",
    3725 → "1:02:05"; "" for no moment."""
    if seconds is None:
        return ""
    whole = max(0, math.floor(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def seconds_words(seconds):
    """An amount of video: 42.5 → "42.5 s", 754 → "12 min 34 s", 4000 → "1 h 6 min"."""
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


# --- Sizes and amounts ----------------------------------------------------------


def size_words(size):
    """A measured size in bytes: "512 bytes", "840 KB", "12.3 MB"."""
    if size < KB:
        return f"{size} bytes"
    if size < MB:
        return f"{size / KB:.0f} KB"
    return f"{size / MB:.1f} MB"


def limit_words(limit):
    """A limit in bytes as Kling writes one: 10485760 → "10 MB", not "10.0 MB"."""
    if limit % MB == 0:
        return f"{limit // MB} MB"
    return size_words(limit)


def units(value):
    """Kling units without trailing zeros: 2.400 → "2.4", 3.000 → "3"; "" for
    none, and anything that is not a number as it is."""
    if value is None:
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    return f"{number.quantize(Decimal('0.001')).normalize():f}"
