"""Copying finished videos into our own storage before Kling deletes them.

A render is done only when its video is here, checked to be a playable MP4
of the expected length, with a poster image for the gallery.
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
from django.db.models import F
from django.utils import timezone

from projects.kling import KlingClient, KlingError, get_client
from projects.media.ffmpeg import executable as ffmpeg_executable
from projects.models import Render, RenderStatus

log = logging.getLogger(__name__)

# A worker holding an archive claim longer than this died; another may take it.
ARCHIVE_RETRY = timedelta(minutes=5)
MAX_VIDEO_BYTES = 500 * 1024 * 1024
# Kling reports the duration as a string rounded its own way; the sandbox and
# encoders pad the last frame. Anything within this is "the expected length".
DURATION_TOLERANCE = 0.6
PROBE_TIMEOUT = 60


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
                "-i",
                str(path),
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
            "-i",
            str(video),
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


def claim_for_archive(render_id: int) -> Render | None:
    now = timezone.now()
    claimed = (
        Render.objects.filter(pk=render_id, status=RenderStatus.ARCHIVING)
        .exclude(claimed_at__gt=now - ARCHIVE_RETRY)
        .update(claimed_at=now, archive_attempts=F("archive_attempts") + 1)
    )
    if not claimed:
        return None
    return Render.objects.select_related("project__team").get(pk=render_id)


def _download(client: KlingClient, url: str, directory: Path, name: str) -> Path:
    path = directory / name
    with path.open("wb") as out:
        client.download(url, out, max_bytes=MAX_VIDEO_BYTES)
    return path


def render_archive(*, render_id: int, client: KlingClient | None = None) -> str:
    """Download, check and keep a finished render's videos; mark it done."""
    render = claim_for_archive(render_id)
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
            _keep(render, video, watermarked, poster, facts["duration"])
    except (KlingError, ArchiveError, OSError, subprocess.SubprocessError) as error:
        return _archive_failed(render, error)
    from projects.notify import render_finished

    transaction.on_commit(lambda: render_finished(render_id=render.pk))
    return "done"


def _keep(render: Render, video: Path, watermarked: Path | None, poster: Path, duration: float):
    with video.open("rb") as fh:
        render.video.save("video.mp4", File(fh), save=False)
    if watermarked:
        with watermarked.open("rb") as fh:
            render.watermarked_video.save("watermarked.mp4", File(fh), save=False)
    with poster.open("rb") as fh:
        render.poster.save("poster.jpg", File(fh), save=False)
    updated = Render.objects.filter(pk=render.pk, status=RenderStatus.ARCHIVING).update(
        video=render.video.name,
        watermarked_video=render.watermarked_video.name or "",
        poster=render.poster.name,
        duration=render.duration or duration,
        status=RenderStatus.DONE,
        finished_at=timezone.now(),
        claimed_at=None,
        archive_error="",
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
    # Release the claim at a time that spaces out retries: the sweep picks
    # up renders whose claim is older than ARCHIVE_RETRY.
    retry_at = (
        timezone.now()
        - ARCHIVE_RETRY
        + timedelta(seconds=min(300, 5 * 2 ** min(render.archive_attempts, 6)))
    )
    updates = {"archive_error": reason[:500], "claimed_at": retry_at}
    if render.archive_attempts >= settings.RENDER_MAX_ARCHIVE_ATTEMPTS:
        updates["attention"] = (
            "We could not save this video from Kling after several tries. "
            "Kling deletes videos after 30 days: an operator should look at it."
        )
    Render.objects.filter(pk=render.pk).update(**updates)
    return "retry"


def flag_archives_at_risk(now=None):
    """Renders finished at Kling long ago but still not archived here."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RENDER_ARCHIVE_WARNING_DAYS)
    return Render.objects.filter(
        status=RenderStatus.ARCHIVING, provider_done_at__lt=cutoff, attention=""
    ).update(
        attention=f"This video finished at Kling over {settings.RENDER_ARCHIVE_WARNING_DAYS} days "
        "ago and is still not saved here; Kling deletes it at 30 days."
    )
