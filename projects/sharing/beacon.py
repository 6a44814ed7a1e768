"""What the room page's viewing beacon (static/js/share_beacon.js) sends,
checked, and added to ``VideoWatch``.

The body is JSON, at most 8 KB::

    {"videos": [{"video": "<render code>", "plays": 1, "watched": 0.62}, ...]}

``plays`` are new plays since the last beacon (added up), ``watched`` the
largest share of the video seen so far (the row keeps the maximum). Anything
else, a video that is not on the link included, refuses the whole beacon.
"""

import json
import math
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, FloatField, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from projects.models import LinkVisitor, Render, ShareLink, VideoWatch

MAX_BODY_BYTES = 8 * 1024
MAX_ENTRIES = 50
MAX_PLAYS = 100  # in one beacon: a few seconds to a quarter of an hour of viewing


class BadBeacon(ValueError):
    """The beacon cannot be read; the message says why, in words."""


@dataclass
class Viewing:
    render: Render
    plays: int = 0
    watched: float = 0.0


def _count(value) -> int:
    if type(value) is not int or not 0 <= value <= MAX_PLAYS:
        raise BadBeacon(f"“plays” must be a whole number from 0 to {MAX_PLAYS}.")
    return value


def _fraction(value) -> float:
    if type(value) not in (int, float) or not math.isfinite(value) or not 0 <= value <= 1:
        raise BadBeacon("“watched” must be a number from 0 to 1.")
    return float(value)


def beacon_parse(body: bytes, renders: dict[uuid.UUID, Render]) -> list[Viewing]:
    """The viewings in a beacon's body, one per video (repeats merged), for
    the link whose videos are ``renders`` (by code). Raises BadBeacon."""
    if len(body) > MAX_BODY_BYTES:
        raise BadBeacon(f"Too much data: at most {MAX_BODY_BYTES // 1024} KB.")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadBeacon("This is not JSON.") from None
    entries = data.get("videos") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BadBeacon("Expected {“videos”: [...]}.")
    if len(entries) > MAX_ENTRIES:
        raise BadBeacon(f"At most {MAX_ENTRIES} videos at once.")
    viewings: dict[uuid.UUID, Viewing] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise BadBeacon("Each video must be an object.")
        try:
            code = uuid.UUID(entry.get("video"))
        except (TypeError, ValueError, AttributeError):
            raise BadBeacon("“video” must be the code of a video on this link.") from None
        if code not in renders:
            raise BadBeacon("“video” must be the code of a video on this link.")
        plays, watched = _count(entry.get("plays", 0)), _fraction(entry.get("watched", 0))
        viewing = viewings.setdefault(code, Viewing(renders[code]))
        viewing.plays += plays
        viewing.watched = max(viewing.watched, watched)
    if any(v.plays > MAX_PLAYS for v in viewings.values()):
        raise BadBeacon(f"At most {MAX_PLAYS} plays of a video at once.")
    return [v for v in viewings.values() if v.plays or v.watched]


@transaction.atomic
def watches_record(*, link: ShareLink, visitor: LinkVisitor, viewings: list[Viewing]) -> None:
    """Add the plays, keep the largest share watched."""
    now = timezone.now()
    for viewing in viewings:
        watch, created = VideoWatch.objects.get_or_create(
            visitor=visitor,
            render=viewing.render,
            defaults={
                "link": link,
                "plays": viewing.plays,
                "watched": viewing.watched,
                "first_at": now,
                "last_at": now,
            },
        )
        if not created:
            VideoWatch.objects.filter(pk=watch.pk).update(
                plays=F("plays") + viewing.plays,
                watched=Greatest(F("watched"), Value(viewing.watched, output_field=FloatField())),
                last_at=now,
            )
