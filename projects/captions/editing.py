"""Captions edited by a person: the words of one cue, its times in words,
and saving an edit (or an earlier version restored) as a new version.

Older versions stay: an edit or a restore is a new `Caption` row copying
the newest, so the served VTT/SRT and the player's <track> change at once.
A save names the version it started from and is refused when someone saved
a newer one meanwhile, so nobody's edit is silently overwritten.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction

from projects.audit.log import audit, render_target
from projects.models import AuditKind, Caption, CaptionEdit, Render
from projects.reviews.forms import parse_moment

from .cues import MAX_LINE, MAX_LINES, wrap

# Bidirectional overrides and isolates reorder what a reader sees; line and
# paragraph separators end a VTT cue's line where nobody typed one.
_INVISIBLE = set("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class StaleCaptions(Exception):
    """Someone saved a newer version since the form was loaded."""

    def __init__(self, newest: Caption | None):
        super().__init__("newer captions")
        self.newest = newest


def cue_text(text: str) -> str:
    """A cue's words as typed, on at most MAX_LINES lines of MAX_LINE
    characters. Lines that break the rule are wrapped again as `cues.wrap`
    wraps the machine's cues; words that cannot fit are refused."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in _INVISIBLE or (ch != "\n" and unicodedata.category(ch) == "Cc") for ch in text):
        raise ValidationError(
            "Remove the invisible characters (tabs or control characters) from these words."
        )
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise ValidationError("Write the words of this caption: it cannot be empty.")
    if len(lines) <= MAX_LINES and max(map(len, lines)) <= MAX_LINE:
        return "\n".join(lines)
    wrapped = wrap(" ".join(lines).split())
    if wrapped is None:
        raise ValidationError(
            f"Too long for one caption: it must fit on {MAX_LINES} lines of {MAX_LINE} "
            f"characters ({len(' '.join(lines))} characters now). Shorten it."
        )
    return "\n".join(wrapped)


def cue_time(text: str, which: str) -> float:
    """ "0:01.25" or "1.25" (seconds) → 1.25, in milliseconds."""
    try:
        seconds = parse_moment(text)
    except ValidationError:
        seconds = -1
    if seconds is None:
        raise ValidationError(f"Write when it {which}, like 0:01.5.")
    if seconds < 0 or seconds > 24 * 3600:
        raise ValidationError(f"Write when it {which} as minutes:seconds, like 0:01.5.")
    return round(seconds, 3)


def time_words(seconds: float) -> str:
    """1.25 → "0:01.25"; 10 → "0:10": what the time fields show."""
    minutes, millis = divmod(round(seconds * 1000), 60_000)
    return f"{minutes}:{millis / 1000:06.3f}".rstrip("0").rstrip(".")


def changes_of(old: list[dict], new: list[dict]) -> tuple[int, int]:
    """How many cues had their words, and their timing, changed."""
    words = sum(a["text"] != b["text"] for a, b in zip(old, new, strict=True))
    timing = sum(
        (a["start"], a["end"]) != (b["start"], b["end"]) for a, b in zip(old, new, strict=True)
    )
    return words, timing


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _save(*, render: Render, user, based_on: int, make) -> Caption:
    """The new version `make(newest)` returns (Caption fields), after
    checking nobody saved since `based_on`; with its audit entry."""
    with transaction.atomic():
        Render.objects.select_for_update().filter(pk=render.pk).first()
        newest = render.captions.order_by("-version").first()
        if newest is None or newest.version != based_on:
            raise StaleCaptions(newest)
        fields, summary = make(newest)
        caption = Caption.objects.create(
            render=render,
            version=newest.version + 1,
            edited_by=user,
            **({"language": newest.language} | fields),
        )
        audit(
            render.project.team,
            AuditKind.CAPTIONS_CHANGED,
            user=user,
            project=render.project,
            target=render_target(render),
            target_code=render.code,
            summary=f"Version {caption.version}: {summary}",
        )
    return caption


def captions_edit(*, render: Render, user, cues: list[dict], based_on: int) -> Caption:
    """Saves `cues` (the newest version's, edited) as a new version."""

    def make(newest):
        words, timing = changes_of(newest.cues, cues)
        parts = [f"words of {_count(words, 'caption')}"] if words else []
        parts += [f"timing of {_count(timing, 'caption')}"] if timing else []
        summary = " and ".join(parts) + f" changed (from version {newest.version})"
        return {"source": newest.source, "cues": cues, "edit": CaptionEdit.EDITED}, summary

    return _save(render=render, user=user, based_on=based_on, make=make)


def captions_restore(*, render: Render, user, version: int, based_on: int) -> Caption | None:
    """A copy of an earlier version as the newest; None when there is no such version."""
    old = render.captions.filter(version=version).first()
    if old is None:
        return None

    def make(newest):
        fields = {"source": old.source, "language": old.language, "cues": old.cues}
        fields |= {"edit": CaptionEdit.RESTORED, "restored_from": old.version}
        return fields, f"version {old.version} restored"

    return _save(render=render, user=user, based_on=based_on, make=make)
