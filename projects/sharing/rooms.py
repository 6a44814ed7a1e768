"""Changing what a link shows after it is made: adding, removing and moving
its videos, and its settings (name, end date, downloads, client feedback).

Only what the team puts on a link is on it: a video made later never appears
by itself. Only finished videos without requested changes can be added, and
only the link's own project's. A link turned off stays off: nothing on it
changes any more.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from projects.audit.log import audit, link_target
from projects.exports.services import queue_labelled_copies
from projects.models import AuditKind, Project, Render, SharedVideo, ShareLink, User
from projects.sharing.services import check_shareable, shareable

TURNED_OFF = "This link is turned off, so it cannot be changed. Make a new link to share again."
NOT_ON_LINK = "This video is not on this link any more."
NOTHING_PICKED = "Tick at least one video to add."
NOT_IN_PROJECT = "One of the videos you picked is not in this project. Pick them again."
MAX_PICKED = 200
MOVES = {"up": -1, "down": 1}


def audit_link(link: ShareLink, by: User | None, summary: str, kind=AuditKind.LINK_CHANGED):
    """An entry for a change of a link (in the caller's transaction)."""
    audit(
        link.project.team,
        kind,
        user=by,
        project=link.project,
        target=link_target(link),
        target_code=link.code,
        summary=summary,
    )


def _on_off(value: bool) -> str:
    return "on" if value else "off"


def _until(when: datetime | None) -> str:
    return f"{when:%Y-%m-%d %H:%M} UTC" if when else "never"


def _locked(link: ShareLink) -> ShareLink:
    """The link's row, locked until the transaction ends, so that two people
    changing it at once do not mix up the order."""
    fresh = ShareLink.objects.select_for_update().get(pk=link.pk)
    if fresh.revoked_at is not None:
        raise ValidationError(TURNED_OFF)
    return fresh


def picked_renders(project: Project, codes: Sequence[str]) -> list[Render]:
    """The project's renders named by `codes`, in that order (each once).
    Raises ValidationError when one is not a render of this project."""
    if len(codes) > MAX_PICKED:
        raise ValidationError(f"Pick at most {MAX_PICKED} videos at once.")
    wanted = []
    for code in codes:
        try:
            wanted.append(uuid.UUID(str(code)))
        except ValueError:
            raise ValidationError(NOT_IN_PROJECT)
    found = {r.code: r for r in Render.objects.filter(project=project, code__in=wanted)}
    if any(code not in found for code in wanted):
        raise ValidationError(NOT_IN_PROJECT)
    return list({code: found[code] for code in wanted}.values())


def room_entries(link: ShareLink):
    """The link's videos as the team sees them: every one on it, in order,
    with what a row shows loaded."""
    return link.entries.select_related("render", "render__portrait").order_by("position", "pk")


def room_videos(link: ShareLink) -> list[Render]:
    """The renders on a link, in order (the team's view: a video whose
    review changed since is listed too, so it can be removed)."""
    return [entry.render for entry in room_entries(link)]


def room_candidates(link: ShareLink):
    """The project's videos that may be added: shareable, not on it yet;
    newest first, as in the gallery."""
    on_link = SharedVideo.objects.filter(link=link).values("render_id")
    return (
        shareable(link.project)
        .exclude(pk__in=on_link)
        .select_related("portrait")
        .order_by("-created")
    )


@transaction.atomic
def room_add(*, link: ShareLink, renders: Sequence[Render], added_by: User | None) -> int:
    """Put `renders` at the end of the link, in that order; those already on
    it stay where they are. Returns how many were added. Refuses, changing
    nothing, when one cannot be shared."""
    link = _locked(link)
    if not renders:
        raise ValidationError(NOTHING_PICKED)
    renders = check_shareable(link.project, renders)
    present = set(link.entries.values_list("render_id", flat=True))
    last = link.entries.aggregate(last=Max("position"))["last"]
    position = -1 if last is None else last
    new = []
    for render in renders:
        if render.pk in present:
            continue
        present.add(render.pk)
        position += 1
        new.append(SharedVideo(link=link, render=render, position=position, added_by=added_by))
    SharedVideo.objects.bulk_create(new)
    if new:
        titles = ", ".join(f"“{entry.render.title}”" for entry in new)
        audit_link(link, added_by, f"Videos added: {titles}"[:500])
    queue_labelled_copies(link)
    return len(new)


@transaction.atomic
def room_remove(*, link: ShareLink, render: Render, by: User | None = None) -> None:
    """Take a video off the link; its clients no longer see it."""
    link = _locked(link)
    removed, _ = SharedVideo.objects.filter(link=link, render=render).delete()
    if not removed:
        raise ValidationError(NOT_ON_LINK)
    audit_link(link, by, f"Video taken off: “{render.title}”")


@transaction.atomic
def room_move(*, link: ShareLink, render: Render, direction: str, by: User | None = None) -> bool:
    """Move a video one place up or down. Returns False when it already is
    first (or last) and nothing moved."""
    if direction not in MOVES:
        raise ValidationError("Choose whether to move the video up or down.")
    link = _locked(link)
    entries = list(SharedVideo.objects.filter(link=link).order_by("position", "pk"))
    here = next((n for n, e in enumerate(entries) if e.render_id == render.pk), None)
    if here is None:
        raise ValidationError(NOT_ON_LINK)
    there = here + MOVES[direction]
    if not 0 <= there < len(entries):
        return False
    entries[here], entries[there] = entries[there], entries[here]
    # Positions are rewritten 0, 1, 2…: equal or missing numbers from older
    # links do not survive a move.
    for position, entry in enumerate(entries):
        entry.position = position
    SharedVideo.objects.bulk_update(entries, ["position"])
    audit_link(link, by, f"“{render.title}” moved {direction}: now {there + 1} of {len(entries)}")
    return True


@transaction.atomic
def room_update(
    *,
    link: ShareLink,
    label: str,
    expires_at: datetime | None,
    allow_download: bool,
    allow_feedback: bool,
    ai_label: bool | None = None,
    by: User | None = None,
) -> ShareLink:
    """Change a link's name, end date, downloads, client feedback and its
    "AI-generated" label (None: as it is). An end date that is kept as it
    was may be in the past (the link stays expired); a new one must be in
    the future. Turning the label off or on is written in the audit trail."""
    link = _locked(link)
    label = label.strip()[:100]
    if not label:
        raise ValidationError("Give the link a name, for example who it is for.")
    if expires_at != link.expires_at and expires_at is not None and expires_at <= timezone.now():
        raise ValidationError("Pick an end date in the future.")
    changes = [
        f"{what}: {old} → {new}"
        for what, old, new in [
            ("Name", f"“{link.label}”", f"“{label}”"),
            ("Ends", _until(link.expires_at), _until(expires_at)),
            ("Downloads", _on_off(link.allow_download), _on_off(allow_download)),
            ("Client feedback", _on_off(link.allow_feedback), _on_off(allow_feedback)),
            (
                "“AI-generated” label",
                _on_off(link.ai_label),
                _on_off(link.ai_label if ai_label is None else ai_label),
            ),
        ]
        if old != new
    ]
    audit_link(link, by, "; ".join(changes) or "Saved without changes")
    link.label = label
    link.expires_at = expires_at
    link.allow_download = allow_download
    link.allow_feedback = allow_feedback
    if ai_label is not None:
        link.ai_label = ai_label
    link.save(update_fields=["label", "expires_at", "allow_download", "allow_feedback", "ai_label"])
    queue_labelled_copies(link)
    return link
