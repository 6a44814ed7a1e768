"""Copying or transcoding a voiceover that Kling would not take as it is.

voiceover.py decides what must change (VoiceoverInspection.changes());
conform() does it with ffmpeg. Lossless first: an MP3, M4A or AAC that only
has to lose its tags, cover art or video keeps its sound stream untouched.
Otherwise the sound becomes MP3 at the best bitrate that fits Kling's size
limit for its duration (mono, 44.1 kHz). Either way the new file is measured
and checked again before it is handed back.
"""

from . import ffmpeg, wording
from .errors import MediaRefused
from .limits import EXTENSIONS, MP3_BITRATES, MP3_CHANNELS, MP3_SAMPLE_RATE, MP3_SIZE_MARGIN


def conform(inspection, path, measured, changes, workdir):
    """Make the voiceover at `path` one Kling accepts, in `workdir`, and return its Prepared.

    `inspection` is the VoiceoverInspection: it measures and checks the new
    file, gives the size limit, and builds the refusals.
    """
    prepared = None
    if "convert" not in changes and measured.format in ("mp3", "m4a", "aac"):
        prepared = _copy_sound(inspection, path, measured, changes, workdir)
    return prepared or _transcode(inspection, path, measured, changes, workdir)


def _copy_sound(inspection, path, measured, changes, workdir):
    """Lossless first: keep the sound stream as it is, without tags, cover art or video."""
    destination = inspection.new_file(workdir, EXTENSIONS[measured.format])
    try:
        ffmpeg.copy_audio(path, measured.demuxer, destination, fmt=measured.format)
        final = inspection.measure(destination)
        inspection.check(final)
    except (ffmpeg.FfmpegFailed, MediaRefused):
        destination.unlink(missing_ok=True)
        return None
    if final.bytes > inspection.max_bytes:
        destination.unlink(missing_ok=True)
        return None
    notes = []
    sizes = (
        f"{wording.size(final.bytes)} instead of"
        f" {wording.size(measured.bytes, limit=inspection.max_bytes)}, under Kling's"
        f" {wording.limit_size(inspection.max_bytes)} limit"
    )
    if "video" in changes:
        notes.append("We kept only the sound of this file and left its video track out.")
        if "shrink" in changes:
            notes.append(f"That made it {sizes}.")
    elif "shrink" in changes:
        notes.append(
            f"We removed the tags and cover art from this voiceover, which made it {sizes}."
        )
    notes.append("The sound itself is unchanged.")
    return inspection.result(destination, final, changed=True, notes=notes)


def _bitrates(duration, max_bytes):
    """MP3 bitrates to try, best first, starting with the best that should fit."""
    budget_kbps = max_bytes * 8 * MP3_SIZE_MARGIN / duration / 1000
    fitting = [kbps for kbps in MP3_BITRATES if kbps <= budget_kbps]
    return fitting or [MP3_BITRATES[-1]]


def _transcode(inspection, path, measured, changes, workdir):
    max_bytes = inspection.max_bytes
    destination = inspection.new_file(workdir, EXTENSIONS["mp3"])
    try:
        for kbps in _bitrates(measured.duration_seconds, max_bytes):
            ffmpeg.encode_mp3(
                path,
                measured.demuxer,
                destination,
                bitrate_kbps=kbps,
                sample_rate=MP3_SAMPLE_RATE,
                channels=MP3_CHANNELS,
            )
            if destination.stat().st_size <= max_bytes:
                break
        else:
            raise inspection.refusal(
                f"We could not make this voiceover fit Kling's"
                f" {wording.limit_size(max_bytes)} limit.",
                "cannot_fit",
                suggestion="Try a shorter recording.",
            )
        final = inspection.measure(destination)
        inspection.check(final)
    except ffmpeg.FfmpegFailed as failure:
        destination.unlink(missing_ok=True)
        raise inspection.ffmpeg_refusal(failure)
    except MediaRefused:
        destination.unlink(missing_ok=True)
        raise
    how = f"MP3 ({kbps} kbps, {'mono' if MP3_CHANNELS == 1 else 'stereo'})"
    label = wording.label(measured.format)
    before = wording.size(measured.bytes, limit=max_bytes)
    limit = wording.limit_size(max_bytes)
    if "convert" in changes:
        notes = [f"We converted this {label} recording to {how}, which Kling accepts."]
        if "shrink" in changes:
            notes.append(
                f"It is now {wording.size(final.bytes)} instead of {before}, under Kling's"
                f" {limit} limit."
            )
    elif "shrink" in changes:
        notes = [
            f"We re-encoded this {label} voiceover as {how} to fit Kling's {limit} limit: it"
            f" went from {before} to {wording.size(final.bytes)}."
        ]
    else:
        notes = []
    if "video" in changes:
        notes.append(f"We kept only the sound of this file, as {how}, and left its video out.")
    return inspection.result(destination, final, changed=True, notes=notes)
