"""Voiceovers: measure, check against Kling's limits, and conform what can be fixed.

mutagen reads the header (format, sample rate, channels, declared length);
ffmpeg then decodes the whole sound, which gives the exact duration (MP3
without a Xing header and ADTS AAC only have estimates in their headers) and
catches damaged files. Sound is never trimmed: a voiceover of the wrong length
is refused with its length, for the person to edit.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mutagen.aac import AAC
from mutagen.flac import FLAC
from mutagen.mp3 import MP3, BitrateMode
from mutagen.mp4 import MP4, MP4NoTrackError
from mutagen.oggflac import OggFLAC
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from . import ffmpeg, wording
from .errors import MediaRefused
from .limits import (
    CONTENT_TYPES,
    DECODE_CAP_SECONDS,
    EXTENSIONS,
    MAX_INPUT_BYTES,
    MP3_BITRATES,
    MP3_CHANNELS,
    MP3_SAMPLE_RATE,
    MP3_SIZE_MARGIN,
    TRUNCATION_TOLERANCE_SECONDS,
    VOICEOVER_CONVERTIBLE_FORMATS,
    VOICEOVER_FORMATS,
    VOICEOVER_MAX_BYTES,
    VOICEOVER_MAX_SECONDS,
    VOICEOVER_MIN_SECONDS,
)
from .results import Prepared, VoiceoverInfo, sha256_of
from .sniff import sniff

KLING_FORMATS_TEXT = wording.labels(VOICEOVER_FORMATS)
_BOUNDARIES = (VOICEOVER_MIN_SECONDS, VOICEOVER_MAX_SECONDS)
# mutagen's reader for each format (keyed by format and ffmpeg demuxer); WebM has none.
_READERS = {
    ("mp3", "mp3"): MP3,
    ("wav", "wav"): WAVE,
    ("m4a", "mov"): MP4,
    ("aac", "aac"): AAC,
    ("flac", "flac"): FLAC,
    ("flac", "ogg"): OggFLAC,
    ("opus", "ogg"): OggOpus,
    ("ogg", "ogg"): OggVorbis,
}
# Formats whose header states the exact length (MP3 only with a Xing or VBRI header).
_EXACT_HEADERS = ("wav", "m4a", "flac")


@dataclass(frozen=True)
class _Measured:
    format: str
    demuxer: str
    bytes: int
    duration_seconds: float
    duration_exact: bool = True
    header_seconds: float | None = None
    codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    bitrate: int | None = None
    has_video: bool = False


def _refusal(message, code, *, suggestion="", detail=""):
    text = f"{message} {suggestion}" if suggestion else message
    return MediaRefused(text, code=code, kind="voiceover", detail=detail)


def _damaged(detail, fmt=None):
    if fmt:
        sentence = (
            f"This file seems damaged: it starts like {_a(wording.label(fmt))} recording, but we"
            " could not decode it to the end."
        )
    else:
        sentence = "This file seems damaged: we could not decode it to the end."
    return _refusal(sentence, "damaged", suggestion="Try exporting it again.", detail=detail)


def _a(words):
    """The article our format names take when read aloud: "an MP3", "a WAV", "a FLAC"."""
    return f"an {words}" if words[:1] in "AEIOM" else f"a {words}"


# --- Measuring -----------------------------------------------------------------


def _file_size(path):
    try:
        size = os.stat(path).st_size
    except OSError as error:
        raise _refusal("We could not find this file.", "missing", detail=str(error))
    if size == 0:
        raise _refusal(
            f"This file is empty; Kling needs {_a(KLING_FORMATS_TEXT)} recording.",
            "empty",
            suggestion="Try uploading it again.",
        )
    if size > MAX_INPUT_BYTES:
        raise _refusal(
            f"This file is {wording.size(size, limit=MAX_INPUT_BYTES)}; we can take files up"
            f" to {wording.limit_size(MAX_INPUT_BYTES)}, and Kling needs a voiceover of at most"
            f" {wording.limit_size(VOICEOVER_MAX_BYTES)}.",
            "too_big_to_handle",
            suggestion="Try a shorter or more compressed export.",
        )
    return size


def _sniffed(path):
    try:
        sniffed = sniff(path)
    except OSError as error:
        raise _refusal("We could not read this file.", "missing", detail=str(error))
    if sniffed.kind == "voiceover":
        return sniffed
    if sniffed.kind == "portrait":
        raise _refusal(
            f"This file is a picture, not a sound recording; Kling needs"
            f" {_a(KLING_FORMATS_TEXT)} voiceover.",
            "not_a_voiceover",
        )
    raise _refusal(
        f"This file is not a recording we can read; Kling needs {_a(KLING_FORMATS_TEXT)}"
        " voiceover.",
        "not_a_voiceover",
    )


def _header(path, sniffed):
    """(seconds, exact, sample_rate, channels, bitrate) from mutagen, or Nones for WebM."""
    reader = _READERS.get((sniffed.format, sniffed.demuxer))
    if reader is None:
        return None, False, None, None, None
    try:
        info = reader(path).info
    except MP4NoTrackError:
        raise _no_sound()
    # mutagen raises its own errors, and on hostile input also struct.error,
    # ValueError, OverflowError...: all mean the header cannot be trusted.
    except Exception as error:
        raise _damaged(f"mutagen: {type(error).__name__}: {error}", sniffed.format)
    exact = sniffed.format in _EXACT_HEADERS or (
        sniffed.format == "mp3" and info.bitrate_mode != BitrateMode.UNKNOWN
    )
    seconds = getattr(info, "length", None) or None
    return (
        seconds,
        exact and bool(seconds),
        getattr(info, "sample_rate", None) or None,
        getattr(info, "channels", None) or None,
        int(getattr(info, "bitrate", 0) or 0) or None,
    )


def _no_sound():
    return _refusal(
        f"This file has no sound track; Kling needs {_a(KLING_FORMATS_TEXT)} voiceover.",
        "no_sound",
    )


def _decode(path, sniffed):
    try:
        return ffmpeg.decode_audio(path, sniffed.demuxer, cap_seconds=DECODE_CAP_SECONDS)
    except ffmpeg.FfmpegFailed as failure:
        raise _ffmpeg_refusal(failure)


def _ffmpeg_refusal(failure):
    if failure.reason == "timeout":
        return _refusal(
            "We could not finish checking this voiceover in time.",
            "timeout",
            suggestion="Try a shorter or simpler export.",
            detail=failure.detail,
        )
    if failure.reason == "unavailable":
        return _refusal(
            "We cannot check voiceovers right now.",
            "unavailable",
            suggestion="Please try again later.",
            detail=failure.detail,
        )
    return _damaged(f"ffmpeg: {failure.detail}")


def _measure(path):
    """Measure the voiceover at `path`, or raise MediaRefused if it cannot be read."""
    size = _file_size(path)
    sniffed = _sniffed(path)
    seconds, exact, sample_rate, channels, bitrate = _header(path, sniffed)
    decoded = _decode(path, sniffed)
    if not decoded.has_audio:
        if decoded.has_video:
            raise _no_sound()
        raise _damaged("; ".join(decoded.errors) or "no audio stream", sniffed.format)
    if decoded.errors:
        raise _damaged(f"ffmpeg: {decoded.errors[0]}", sniffed.format)
    if decoded.seconds is None:
        raise _damaged("ffmpeg reported no decoded time", sniffed.format)
    if decoded.reached_cap:
        duration, duration_exact = max(seconds or 0, decoded.seconds), False
    else:
        duration, duration_exact = decoded.seconds, True
        if exact and seconds - decoded.seconds > TRUNCATION_TOLERANCE_SECONDS:
            raise _refusal(
                f"This file seems damaged: its header says it lasts"
                f" {wording.seconds(seconds)}, but only {wording.seconds(decoded.seconds)}"
                " could be decoded.",
                "damaged",
                suggestion="Try exporting it again.",
                detail="truncated",
            )
    return _Measured(
        format=sniffed.format,
        demuxer=sniffed.demuxer,
        bytes=size,
        duration_seconds=duration,
        duration_exact=duration_exact,
        header_seconds=seconds,
        codec=decoded.codec,
        sample_rate=sample_rate or decoded.sample_rate,
        channels=channels or decoded.channels,
        bitrate=bitrate or decoded.bitrate,
        has_video=decoded.has_video,
    )


# --- Checking ------------------------------------------------------------------


def _check(measured):
    """Raise MediaRefused for what no conform can fix: the length."""
    duration = measured.duration_seconds
    between = f"Kling needs between {VOICEOVER_MIN_SECONDS} and {VOICEOVER_MAX_SECONDS} seconds"
    if duration < VOICEOVER_MIN_SECONDS:
        raise _refusal(
            f"This voiceover is {wording.seconds(duration, boundaries=_BOUNDARIES)} long;"
            f" {between}.",
            "too_short",
            suggestion="Try a longer recording.",
        )
    if duration > VOICEOVER_MAX_SECONDS:
        if measured.duration_exact:
            length = wording.seconds(duration, boundaries=_BOUNDARIES)
        elif duration > DECODE_CAP_SECONDS:
            length = f"about {round(duration):,} seconds"
        else:
            length = f"more than {DECODE_CAP_SECONDS} seconds"
        raise _refusal(
            f"This voiceover is {length} long; {between}.",
            "too_long",
            suggestion=f"Try trimming it to {VOICEOVER_MAX_SECONDS} seconds or less.",
        )


def _unusual_codec(measured):
    """The codec inside a WAV or M4A that Kling may not expect there (ADPCM, AMR...), or None."""
    codec = measured.codec or ""
    if measured.format == "wav" and not codec.startswith("pcm_"):
        return codec or "unknown"
    if measured.format == "m4a" and codec not in ("aac", "alac"):
        return codec or "unknown"
    return None


def _changes(measured):
    """What prepare_voiceover() would do, as (code, phrase) pairs."""
    changes = []
    if measured.format in VOICEOVER_CONVERTIBLE_FORMATS:
        changes.append(("convert", f"convert {wording.label(measured.format)} to MP3"))
    elif codec := _unusual_codec(measured):
        changes.append(("convert", f"convert its {codec} sound to MP3"))
    if measured.has_video:
        changes.append(("video", "keep only the sound (leave the video track out)"))
    if measured.bytes > VOICEOVER_MAX_BYTES:
        changes.append(("shrink", f"make it fit {wording.limit_size(VOICEOVER_MAX_BYTES)}"))
    return changes


def _why_not_accepted(measured):
    if measured.format not in VOICEOVER_FORMATS:
        return (
            f"Kling does not take {wording.label(measured.format)} recordings; we can convert"
            " it to MP3."
        )
    if codec := _unusual_codec(measured):
        return (
            f"This {wording.label(measured.format)} file holds {codec} sound, which Kling"
            " may not read; we can convert it to MP3."
        )
    if measured.bytes > VOICEOVER_MAX_BYTES:
        return (
            f"This voiceover is {wording.size(measured.bytes, limit=VOICEOVER_MAX_BYTES)};"
            f" Kling takes at most {wording.limit_size(VOICEOVER_MAX_BYTES)}, so we can"
            " re-encode it to fit."
        )
    if measured.has_video:
        return "This file also holds a video track; we can keep only its sound."
    return None


# --- Public API ----------------------------------------------------------------


def inspect_voiceover(path):
    """Measure the voiceover at `path` and say whether Kling would take it. Never raises."""
    path = Path(path)
    measured = None
    try:
        measured = _measure(path)
        _check(measured)
    except MediaRefused as refusal:
        fields = _fields(measured) if measured else _bytes_only(path)
        return VoiceoverInfo(
            path=path,
            accepted=False,
            conformable=False,
            refused=True,
            reason=refusal.message,
            code=refusal.code,
            **fields,
        )
    reason = _why_not_accepted(measured)
    return VoiceoverInfo(
        path=path,
        accepted=reason is None,
        conformable=reason is not None,
        refused=False,
        reason=reason,
        code="conformable" if reason else None,
        changes=tuple(phrase for _code, phrase in _changes(measured)),
        **_fields(measured),
    )


def _fields(measured):
    return {
        "format": measured.format,
        "bytes": measured.bytes,
        "duration_seconds": measured.duration_seconds,
        "duration_exact": measured.duration_exact,
        "header_seconds": measured.header_seconds,
        "codec": measured.codec,
        "sample_rate": measured.sample_rate,
        "channels": measured.channels,
        "bitrate": measured.bitrate,
        "has_video": measured.has_video,
    }


def _bytes_only(path):
    try:
        return {"bytes": os.stat(path).st_size, "format": sniff(path).format}
    except OSError:
        return {}


def prepare_voiceover(path, workdir):
    """Check the voiceover at `path`, conform it if needed, and describe the final file.

    Returns a Prepared whose path is `path` itself when nothing had to change,
    or a new file in `workdir` (created if missing). Raises MediaRefused, and
    nothing else, when Kling would refuse the voiceover and we cannot fix it.
    """
    path = Path(path)
    measured = _measure(path)
    _check(measured)
    changes = dict(_changes(measured))
    if not changes:
        return _prepared(path, measured, changed=False, notes=[])
    prepared = None
    if "convert" not in changes and measured.format in ("mp3", "m4a", "aac"):
        prepared = _copy_sound(path, measured, changes, workdir)
    return prepared or _transcode(path, measured, changes, workdir)


def _prepared(path, measured, *, changed, notes):
    return Prepared(
        kind="voiceover",
        path=path,
        changed=changed,
        format=measured.format,
        content_type=CONTENT_TYPES[measured.format],
        extension=EXTENSIONS[measured.format],
        bytes=measured.bytes,
        sha256=sha256_of(path),
        notes=notes,
        duration_seconds=measured.duration_seconds,
        sample_rate=measured.sample_rate,
        channels=measured.channels,
        bitrate=measured.bitrate,
    )


# --- Conforming ----------------------------------------------------------------


def _copy_sound(path, measured, changes, workdir):
    """Lossless first: keep the sound stream as it is, without tags, cover art or video."""
    destination = _new_file(workdir, EXTENSIONS[measured.format])
    try:
        ffmpeg.copy_audio(path, measured.demuxer, destination, fmt=measured.format)
        final = _measure(destination)
        _check(final)
    except (ffmpeg.FfmpegFailed, MediaRefused):
        destination.unlink(missing_ok=True)
        return None
    if final.bytes > VOICEOVER_MAX_BYTES:
        destination.unlink(missing_ok=True)
        return None
    notes = []
    sizes = (
        f"{wording.size(final.bytes)} instead of"
        f" {wording.size(measured.bytes, limit=VOICEOVER_MAX_BYTES)}, under Kling's"
        f" {wording.limit_size(VOICEOVER_MAX_BYTES)} limit"
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
    return _prepared(destination, final, changed=True, notes=notes)


def _bitrates(duration):
    """MP3 bitrates to try, best first, starting with the best that should fit."""
    budget_kbps = VOICEOVER_MAX_BYTES * 8 * MP3_SIZE_MARGIN / duration / 1000
    fitting = [kbps for kbps in MP3_BITRATES if kbps <= budget_kbps]
    return fitting or [MP3_BITRATES[-1]]


def _transcode(path, measured, changes, workdir):
    destination = _new_file(workdir, EXTENSIONS["mp3"])
    try:
        for kbps in _bitrates(measured.duration_seconds):
            ffmpeg.encode_mp3(
                path,
                measured.demuxer,
                destination,
                bitrate_kbps=kbps,
                sample_rate=MP3_SAMPLE_RATE,
                channels=MP3_CHANNELS,
            )
            if destination.stat().st_size <= VOICEOVER_MAX_BYTES:
                break
        else:
            raise _refusal(
                f"We could not make this voiceover fit Kling's"
                f" {wording.limit_size(VOICEOVER_MAX_BYTES)} limit.",
                "cannot_fit",
                suggestion="Try a shorter recording.",
            )
        final = _measure(destination)
        _check(final)
    except ffmpeg.FfmpegFailed as failure:
        destination.unlink(missing_ok=True)
        raise _ffmpeg_refusal(failure)
    except MediaRefused:
        destination.unlink(missing_ok=True)
        raise
    how = f"MP3 ({kbps} kbps, {'mono' if MP3_CHANNELS == 1 else 'stereo'})"
    label = wording.label(measured.format)
    before = wording.size(measured.bytes, limit=VOICEOVER_MAX_BYTES)
    limit = wording.limit_size(VOICEOVER_MAX_BYTES)
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
    return _prepared(destination, final, changed=True, notes=notes)


def _new_file(workdir, extension):
    os.makedirs(workdir, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="voiceover-", suffix=extension, dir=workdir)
    os.close(handle)
    return Path(name)
