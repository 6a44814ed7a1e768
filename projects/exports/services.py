"""Asking for a download with captions or the "AI-generated" label burned
in, and finding one already made.

An identical request (same video, same captions version, same label text)
gets the export already ready or on its way; one that failed is queued
again. The worker's side is ``making.py``.
"""

import re
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projects.audit.log import audit, render_target
from projects.captions.served import latest_caption
from projects.models import (
    DEFAULT_LABEL,
    LABEL_MAX_CHARS,
    AuditKind,
    ExportState,
    Render,
    ShareLink,
    User,
    VideoExport,
)
from projects.renders.queue import enqueue_export

NOTHING_CHOSEN = "Tick what the download should carry: captions, the label, or both."
NO_CAPTIONS = "This video has no captions yet, so they cannot be burned in."
NOT_READY = "This video is not finished yet. Prepare a download once it is."
STUCK = "It stopped without finishing (the worker may have restarted). Try again."


def clean_label(text: str) -> str:
    """The label's words: the default when left empty; one line of at most
    LABEL_MAX_CHARS characters, no control characters. Raises ValidationError."""
    text = re.sub(" {2,}", " ", str(text or "").strip())
    if not text:
        return DEFAULT_LABEL
    if any(unicodedata.category(ch)[0] == "C" for ch in text):
        raise ValidationError(
            "The label must be one line of plain text, without special characters."
        )
    if len(text) > LABEL_MAX_CHARS:
        raise ValidationError(
            f"The label can be at most {LABEL_MAX_CHARS} characters (it has {len(text)})."
        )
    return text


def is_stuck(export: VideoExport, now=None) -> bool:
    """Being made for longer than any run may take: its worker died."""
    if export.state != ExportState.MAKING or export.started_at is None:
        return False
    limit = timedelta(seconds=settings.EXPORT_FFMPEG_TIMEOUT + 120)
    return export.started_at < (now or timezone.now()) - limit


def _requeue(export: VideoExport) -> bool:
    changed = VideoExport.objects.filter(pk=export.pk, state=export.state).update(
        state=ExportState.QUEUED, error="", started_at=None, finished_at=None
    )
    if changed:
        export.state, export.error = ExportState.QUEUED, ""
        transaction.on_commit(lambda: enqueue_export(export.pk))
    return bool(changed)


def export_request(
    *,
    render: Render,
    burn_captions: bool,
    ai_label: bool,
    label_text: str = DEFAULT_LABEL,
    requested_by: User | None,
) -> tuple[VideoExport, bool]:
    """The export of `render` carrying what was asked for: (export, whether
    it is new). Queued on commit when new or when its twin had failed."""
    if not (burn_captions or ai_label):
        raise ValidationError(NOTHING_CHOSEN)
    if not render.video:
        raise ValidationError(NOT_READY)
    label_text = clean_label(label_text) if ai_label else ""
    caption = latest_caption(render) if burn_captions else None
    if burn_captions and caption is None:
        raise ValidationError(NO_CAPTIONS)
    with transaction.atomic():
        # Two identical requests at once: the second waits here, then finds the first.
        Render.objects.select_for_update().filter(pk=render.pk).first()
        twin = (
            VideoExport.objects.filter(
                render=render,
                burn_captions=burn_captions,
                caption=caption,
                ai_label=ai_label,
                label_text=label_text,
            )
            .order_by("-created")
            .first()
        )
        if twin is not None:
            if twin.state == ExportState.FAILED or is_stuck(twin):
                _requeue(twin)
            return twin, False
        export = VideoExport.objects.create(
            render=render,
            burn_captions=burn_captions,
            caption=caption,
            ai_label=ai_label,
            label_text=label_text,
            requested_by=requested_by,
        )
        if requested_by is not None:
            audit(
                render.project.team,
                AuditKind.EXPORT_REQUESTED,
                user=requested_by,
                project=render.project,
                target=render_target(render),
                target_code=render.code,
                summary=f"A download with {export.describe()} burned in",
            )
        transaction.on_commit(lambda: enqueue_export(export.pk))
    return export, True


def export_retry(*, export: VideoExport) -> bool:
    """Queue again an export that failed or stopped. False when it is not one."""
    with transaction.atomic():
        if export.state == ExportState.FAILED or is_stuck(export):
            return _requeue(export)
    return False


def labelled_copies(renders) -> dict[int, VideoExport]:
    """Each render's copy with the default "AI-generated" label and nothing
    else, which share links showing the label serve as their download (the
    newest per render, in one query); a render without one is left out."""
    copies = {}
    for export in VideoExport.objects.filter(
        render__in=renders, burn_captions=False, ai_label=True, label_text=DEFAULT_LABEL
    ).order_by("created"):
        copies[export.render_id] = export
    return copies


def link_download(export: VideoExport | None) -> str:
    """What a labelled link's download of a video is: "labelled" (the copy is
    ready), "preparing" (on its way: nothing is offered yet), or "original"
    (it failed, or was never asked for: the video as it is, so that
    downloads never break; the room still shows the label beside it)."""
    if export is None:
        return "original"
    if export.state == ExportState.READY and export.file:
        return "labelled"
    if export.is_pending and not is_stuck(export):
        return "preparing"
    return "original"


def state_words(export: VideoExport, now=None) -> str:
    """Where an export is, for the page and its JSON."""
    if is_stuck(export, now):
        return STUCK
    return {
        ExportState.QUEUED: "Waiting for its turn…",
        ExportState.MAKING: "Being made: drawing into every frame, then checking the file…",
        ExportState.READY: "Ready to download.",
        ExportState.FAILED: export.error or "It could not be made. Try again.",
    }[export.state]


def exports_shown(render: Render, limit: int = 10) -> list[VideoExport]:
    """The render page's list: its newest exports, each with its words and
    whether it may be tried again."""
    if not render.video:
        return []
    now = timezone.now()
    exports = list(render.exports.all()[:limit])
    for export in exports:
        export.words = state_words(export, now)
        export.can_retry = export.state == ExportState.FAILED or is_stuck(export, now)
    return exports


def queue_labelled_copies(link: ShareLink) -> int:
    """A link that shows the label and allows downloads serves copies with
    the label burned in: ask the worker for those not asked for yet (shared
    by every link, made once). Returns how many were new."""
    if not (link.allow_download and link.ai_label):
        return 0
    new = 0
    for render in link.renders.exclude(video=""):
        try:
            _, made = export_request(
                render=render, burn_captions=False, ai_label=True, requested_by=None
            )
        except ValidationError:
            continue
        new += made
    return new
