"""Copying finished videos into our own storage before Kling deletes them.

A render is done only when its video is here, checked to be a playable MP4
of the expected length, with a poster image for the gallery. Both files are
signed with content credentials before they are saved (``credentials/``); a
signing failure saves them unsigned, flagged, for the signing sweep. Videos are
fetched only from Kling's hosts (``kling/result_hosts.py``): one at an address
we never download from fails the render rather than being retried.
"""

import logging
import re
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from projects.credentials.archive import Signing, sign_files
from projects.credentials.archive import record as record_signing
from projects.kling import KlingClient, KlingDownloadRefusedError, KlingError, get_client, limits
from projects.kling.retry import retry_delay
from projects.media.ffmpeg import executable as ffmpeg_executable
from projects.media.ffmpeg import input_args
from projects.models import Render, RenderStatus
from projects.renders.notify import render_finished
from projects.renders.queue import enqueue_captions

log = logging.getLogger(__name__)

# A video at an address we refuse is looked at again this much later, in case
# an operator has allowed it meanwhile (KLING_RESULT_HOSTS).
REFUSED_RETRY = timedelta(hours=1)
# A worker holding an archive claim longer than this died; another may take it.
ARCHIVE_LEASE = timedelta(minutes=5)
# The archive task enqueued when Kling finishes gets this head start before
# the pump steps in.
ARCHIVE_GRACE = timedelta(seconds=30)
# Only videos finished this recently make captions wait (waiting_archive):
# one stuck for longer must not hold every caption back.
WAITING_ARCHIVES_WINDOW = timedelta(minutes=10)
MAX_VIDEO_BYTES = 500 * 1024 * 1024
# Kling reports the duration as a string rounded its own way; the sandbox and
# encoders pad the last frame. Anything within this is "the expected length".
DURATION_TOLERANCE = 0.6
PROBE_TIMEOUT = 60
# ffmpeg reads a downloaded file as an MP4 (the mov demuxer) and nothing else:
# left to guess, it would open an ffconcat or HLS playlist saved as video.mp4
# as a list of other files and URLs to read.
VIDEO_DEMUXER = "mov"


class ArchiveError(Exception):
    pass


def probe_video(path: Path) -> dict:
    """Read an MP4's duration and codecs with ffmpeg, decoding it fully so a
    truncated download is caught. Raises ArchiveError when it is not playable."""
    try:
        result = subprocess.run(
            [
                ffmpeg_executable(),
                "-hide_banner",
                "-nostdin",
                "-v",
                "info",
                *input_args(path, VIDEO_DEMUXER),
                "-map",
                "0:v:0",
                "-f",
                "null",
                "-",
            ],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise ArchiveError("checking the video took too long")
    err = result.stderr
    duration = re.search(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)", err)
    if result.returncode != 0 or not duration or "Video: h264" not in err:
        raise ArchiveError("the downloaded file is not a playable H.264 video")
    if re.search(r"(?m)^\[.*\] (?:Invalid|error while decoding)|moov atom not found", err):
        raise ArchiveError("the downloaded video is damaged")
    hours, minutes, seconds = duration.groups()
    return {
        "duration": int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        "has_audio": "Audio: aac" in err or "Audio: " in err,
    }


def make_poster(video: Path, poster: Path, at_seconds: float):
    subprocess.run(
        [
            ffmpeg_executable(),
            "-hide_banner",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-ss",
            f"{at_seconds:.2f}",
            *input_args(video, VIDEO_DEMUXER),
            "-frames:v",
            "1",
            "-q:v",
            "4",
            str(poster),
        ],
        check=True,
        capture_output=True,
        timeout=PROBE_TIMEOUT,
    )


def _download(client: KlingClient, url: str, directory: Path, name: str) -> Path:
    path = directory / name
    with path.open("wb") as out:
        client.download(url, out, max_bytes=MAX_VIDEO_BYTES)
    return path


def render_archive(*, render_id: int, client: KlingClient | None = None) -> str:
    """Download, check and keep a finished render's videos; mark it done."""
    render = Render.objects.claim_for_archive(render_id, timezone.now(), lease=ARCHIVE_LEASE)
    if render is None:
        return "not-claimed"
    client = client or get_client()
    try:
        with tempfile.TemporaryDirectory(prefix="archive-") as tmp:
            directory = Path(tmp)
            if not render.provider_video_url:
                raise ArchiveError("Kling reported no video for this render")
            video = _download(client, render.provider_video_url, directory, "video.mp4")
            facts = probe_video(video)
            expected = render.duration
            if expected and abs(facts["duration"] - expected) > DURATION_TOLERANCE:
                raise ArchiveError(
                    f"the video lasts {facts['duration']:.1f} s instead of {expected:.1f} s"
                )
            watermarked = None
            if render.provider_watermark_url:
                watermarked = _download(
                    client, render.provider_watermark_url, directory, "watermarked.mp4"
                )
                probe_video(watermarked)
            poster = directory / "poster.jpg"
            make_poster(video, poster, min(0.5, facts["duration"] / 2))
            # Signed before saving (storage may be S3); never fails the video.
            signing = sign_files(render, video, watermarked)
            _keep(render, signing, poster, facts["duration"])
    except KlingDownloadRefusedError as error:
        if error.retryable:
            return _archive_failed(render, error)
        return _archive_refused(render, error)
    except (KlingError, ArchiveError, OSError, subprocess.SubprocessError) as error:
        return _archive_failed(render, error)
    transaction.on_commit(lambda: render_finished(render_id=render.pk))
    transaction.on_commit(lambda: enqueue_captions(render.pk))
    return "done"


def _keep(render: Render, signing: Signing, poster: Path, duration: float):
    with signing.video.open("rb") as fh:
        render.video.save("video.mp4", File(fh), save=False)
    if signing.watermarked:
        with signing.watermarked.open("rb") as fh:
            render.watermarked_video.save("watermarked.mp4", File(fh), save=False)
    with poster.open("rb") as fh:
        render.poster.save("poster.jpg", File(fh), save=False)
    # Recorded while still archiving (ours by the claim), so the signing sweep,
    # which takes only done videos, never races this.
    record_signing(render, signing.state, signing.error)
    updated = render.mark_archived(
        video=render.video.name,
        watermarked_video=render.watermarked_video.name or "",
        poster=render.poster.name,
        duration=render.duration or duration,
        now=timezone.now(),
    )
    if not updated:
        # Canceled or archived by someone else meanwhile: drop our copies.
        for field in (render.video, render.watermarked_video, render.poster):
            if field:
                field.delete(save=False)


def _archive_failed(render: Render, error: Exception) -> str:
    reason = getattr(error, "user_message", None) or str(error)
    log.warning(
        "Archiving %s failed (attempt %s): %s", render.code, render.archive_attempts, reason
    )
    attention = ""
    if render.archive_attempts >= settings.RENDER_MAX_ARCHIVE_ATTEMPTS:
        attention = (
            "We could not save this video from Kling after several tries. "
            f"Kling deletes videos after {limits.RESULT_RETENTION_DAYS} days: "
            "an operator should look at it."
        )
    delay = retry_delay(render.archive_attempts - 1, error)
    render.postpone_archive(reason, timezone.now() + timedelta(seconds=delay), attention=attention)
    return "retry"


def _archive_refused(render: Render, error: KlingDownloadRefusedError) -> str:
    """Kling's video is at an address we do not download from. Trying again
    soon cannot help, but failing the render would lose a video Kling has
    made and charged for: it stays to be saved, and operators are told what
    to allow. Kling keeps it for RESULT_RETENTION_DAYS."""
    log.warning("Archiving %s refused: %s", render.code, error.detail)
    render.postpone_archive(
        error.user_message,
        timezone.now() + REFUSED_RETRY,
        attention=(
            f"Kling made this video but sent it from an address we do not download from: "
            f"{error.user_message} Once an operator allows it, it is saved at the next try "
            f"(within {REFUSED_RETRY.seconds // 3600} hour; Kling keeps it for "
            f"{limits.RESULT_RETENTION_DAYS} days)."
        ),
    )
    return "refused"


def waiting_archive(now=None) -> int | None:
    """The oldest video Kling finished lately that waits for a worker to save
    it (not being saved now, not waiting before another try): slower work
    that can wait, such as captions, saves it first."""
    now = now or timezone.now()
    return (
        Render.objects.filter(
            status=RenderStatus.ARCHIVING,
            provider_done_at__gte=now - WAITING_ARCHIVES_WINDOW,
        )
        .filter(Q(archive_retry_at__isnull=True) | Q(archive_retry_at__lte=now))
        .order_by("provider_done_at")
        .values_list("pk", flat=True)
        .first()
    )


def flag_archives_at_risk(now=None):
    """Renders finished at Kling long ago but still not archived here."""
    return Render.objects.flag_archives_at_risk(
        now or timezone.now(), days=settings.RENDER_ARCHIVE_WARNING_DAYS
    )
