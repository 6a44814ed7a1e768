"""The worker's side of downloads with captions or the label burned in.

The archived video (maybe on S3) is copied to a local temporary folder,
ffmpeg draws into it (``burning.py``), the result is decoded in full and
checked against the original (same length, sound kept), then saved through
Django's storage. A failure leaves a message in plain words on the export
and nothing else changed: the video itself is never touched.
"""

import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils import timezone

from projects.media.ffmpeg import FfmpegFailed
from projects.models import ExportState, VideoExport
from projects.renders.archiving import DURATION_TOLERANCE, ArchiveError, probe_video

from .burning import Burn, burn_video

log = logging.getLogger(__name__)


class ExportFailed(Exception):
    """Why an export could not be made, in words for the page."""


def _copy_local(field, path: Path):
    with field.open("rb") as source, path.open("wb") as out:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            out.write(chunk)


def _what_to_burn(export: VideoExport) -> Burn:
    cues = None
    if export.burn_captions:
        if export.caption is None:
            raise ExportFailed("Its captions were removed meanwhile. Ask for the download again.")
        cues = export.caption.cues
    return Burn(cues=cues, label=export.label_text if export.ai_label else "")


def _make(export: VideoExport, work: Path) -> Path:
    source, made = work / "source.mp4", work / "made.mp4"
    try:
        _copy_local(export.render.video, source)
    except (FileNotFoundError, OSError):
        raise ExportFailed("The video's file could not be read. Try again in a few minutes.")
    try:
        before = probe_video(source)
    except (ArchiveError, FfmpegFailed) as error:
        log.warning("Export %s: the video cannot be read: %s", export.code, error)
        raise ExportFailed("The video's file could not be read as a video, so nothing was made.")
    try:
        burn_video(source, made, _what_to_burn(export), timeout=settings.EXPORT_FFMPEG_TIMEOUT)
        after = probe_video(made)
    except FfmpegFailed as error:
        log.warning("Export %s: ffmpeg failed: %s", export.code, error)
        if error.reason == "timeout":
            minutes = max(1, round(settings.EXPORT_FFMPEG_TIMEOUT / 60))
            limit = "a minute" if minutes == 1 else f"{minutes} minutes"
            raise ExportFailed(f"Making it took longer than {limit}, so it was stopped.")
        raise ExportFailed("The video could not be redrawn with what you asked for.")
    except ArchiveError as error:
        log.warning("Export %s: the check failed: %s", export.code, error)
        raise ExportFailed("The new file did not play back correctly, so it was not kept.")
    if abs(after["duration"] - before["duration"]) > DURATION_TOLERANCE:
        raise ExportFailed("The new file came out shorter than the video, so it was not kept.")
    if before["has_audio"] and not after["has_audio"]:
        raise ExportFailed("The new file lost the sound, so it was not kept.")
    return made


def export_make(export_id: int) -> str:
    """Make one queued export. Claimed by a conditional UPDATE, so a duplicate
    delivery of the task does nothing."""
    claimed = VideoExport.objects.filter(pk=export_id, state=ExportState.QUEUED).update(
        state=ExportState.MAKING, started_at=timezone.now()
    )
    if not claimed:
        return "not-queued"
    export = VideoExport.objects.select_related("render__project__team", "caption").get(
        pk=export_id
    )
    try:
        if not export.render.video:
            raise ExportFailed("The video has no file to start from.")
        with tempfile.TemporaryDirectory(prefix="export-") as tmp:
            made = _make(export, Path(tmp))
            with made.open("rb") as fh:
                export.file.save(f"{export.code.hex}.mp4", File(fh), save=False)
    except ExportFailed as error:
        return _fail(export, str(error))
    except Exception:  # never a stuck "being made": say it plainly, keep the trace in the log
        log.exception("Export %s could not be made", export.code)
        return _fail(export, "Something went wrong while making it. Try again.")
    VideoExport.objects.filter(pk=export.pk, state=ExportState.MAKING).update(
        state=ExportState.READY, file=export.file.name, finished_at=timezone.now(), error=""
    )
    return "ready"


def _fail(export: VideoExport, message: str) -> str:
    VideoExport.objects.filter(pk=export.pk, state=ExportState.MAKING).update(
        state=ExportState.FAILED, error=message[:300], finished_at=timezone.now()
    )
    return "failed"
