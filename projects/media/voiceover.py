"""Voiceovers: measure a recording, check it against Kling's limits, and say what must change.

The flow and the refusals both kinds share are in inspection.py; copying or
transcoding a voiceover that must change is in voiceover_conform.py. Here is
what is a voiceover's own: which recordings it takes, how they are measured,
what is refused, and what prepare_voiceover() would change.

mutagen reads the header (format, sample rate, channels, declared length);
ffmpeg then decodes the whole sound, which gives the exact duration (MP3
without a Xing header and ADTS AAC only have estimates in their headers) and
catches damaged files. Sound is never trimmed: a voiceover of the wrong length
is refused with its length, for the person to edit.
"""

from dataclasses import dataclass

from mutagen.aac import AAC
from mutagen.flac import FLAC
from mutagen.mp3 import MP3, BitrateMode
from mutagen.mp4 import MP4, MP4NoTrackError
from mutagen.oggflac import OggFLAC
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from . import ffmpeg, voiceover_conform, wording
from .inspection import Inspection
from .limits import (
    DECODE_CAP_SECONDS,
    TRUNCATION_TOLERANCE_SECONDS,
    VOICEOVER_CONVERTIBLE_FORMATS,
    VOICEOVER_FORMATS,
    VOICEOVER_MAX_BYTES,
    VOICEOVER_MAX_SECONDS,
    VOICEOVER_MIN_SECONDS,
)
from .results import VoiceoverInfo

KLING_FORMATS_TEXT = wording.labels(VOICEOVER_FORMATS)
_KLING_NEEDS = wording.with_article(KLING_FORMATS_TEXT)  # "an MP3, WAV, M4A or AAC"
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
# ffmpeg failures that are not the file's fault: (sentence, suggestion), by FfmpegFailed.reason.
_FFMPEG_TROUBLE = {
    "timeout": (
        "We could not finish checking this voiceover in time.",
        "Try a shorter or simpler export.",
    ),
    "unavailable": ("We cannot check voiceovers right now.", "Please try again later."),
}


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


class VoiceoverInspection(Inspection):
    """The steps of inspection.Inspection, for a recording."""

    kind = "voiceover"
    info = VoiceoverInfo
    needs = f"{_KLING_NEEDS} recording"
    noun = "voiceover"
    medium = "recording"
    smaller = "Try a shorter or more compressed export."

    @property
    def max_bytes(self):
        return VOICEOVER_MAX_BYTES

    # --- Measuring -------------------------------------------------------------

    def measure(self, path):
        """Measure the voiceover at `path`, or raise MediaRefused if it cannot be read."""
        size = self.file_size(path)
        sniffed = self._sniffed_voiceover(path)
        seconds, exact, sample_rate, channels, bitrate = self._header(path, sniffed)
        decoded = self._decode(path, sniffed)
        if not decoded.has_audio:
            if decoded.has_video:
                raise self._no_sound()
            raise self.damaged("; ".join(decoded.errors) or "no audio stream", sniffed.format)
        if decoded.errors:
            raise self.damaged(f"ffmpeg: {decoded.errors[0]}", sniffed.format)
        if decoded.seconds is None:
            raise self.damaged("ffmpeg reported no decoded time", sniffed.format)
        if decoded.reached_cap:
            duration, duration_exact = max(seconds or 0, decoded.seconds), False
        else:
            duration, duration_exact = decoded.seconds, True
            if exact and seconds - decoded.seconds > TRUNCATION_TOLERANCE_SECONDS:
                raise self.refusal(
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

    def _sniffed_voiceover(self, path):
        sniffed = self.sniffed(path)
        if sniffed.kind == "voiceover":
            return sniffed
        if sniffed.kind == "portrait":
            raise self.refusal(
                f"This file is a picture, not a sound recording; Kling needs {_KLING_NEEDS}"
                " voiceover.",
                "not_a_voiceover",
            )
        raise self.refusal(
            f"This file is not a recording we can read; Kling needs {_KLING_NEEDS} voiceover.",
            "not_a_voiceover",
        )

    def _header(self, path, sniffed):
        """(seconds, exact, sample_rate, channels, bitrate) from mutagen, or Nones for WebM."""
        reader = _READERS.get((sniffed.format, sniffed.demuxer))
        if reader is None:
            return None, False, None, None, None
        try:
            info = reader(path).info
        except MP4NoTrackError:
            raise self._no_sound()
        # mutagen raises its own errors, and on hostile input also struct.error,
        # ValueError, OverflowError...: all mean the header cannot be trusted.
        except Exception as error:
            raise self.damaged(f"mutagen: {type(error).__name__}: {error}", sniffed.format)
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

    def _no_sound(self):
        return self.refusal(
            f"This file has no sound track; Kling needs {_KLING_NEEDS} voiceover.", "no_sound"
        )

    def _decode(self, path, sniffed):
        try:
            return ffmpeg.decode_audio(path, sniffed.demuxer, cap_seconds=DECODE_CAP_SECONDS)
        except ffmpeg.FfmpegFailed as failure:
            raise self.ffmpeg_refusal(failure)

    def ffmpeg_refusal(self, failure):
        """The refusal for an ffmpeg.FfmpegFailed: its own trouble, or a damaged file."""
        if failure.reason in _FFMPEG_TROUBLE:
            sentence, suggestion = _FFMPEG_TROUBLE[failure.reason]
            return self.refusal(
                sentence, failure.reason, suggestion=suggestion, detail=failure.detail
            )
        return self.damaged(f"ffmpeg: {failure.detail}")

    # --- Checking --------------------------------------------------------------

    def check(self, measured):
        """Raise MediaRefused for what no conform can fix: the length."""
        duration = measured.duration_seconds
        between = f"Kling needs between {VOICEOVER_MIN_SECONDS} and {VOICEOVER_MAX_SECONDS} seconds"
        if duration < VOICEOVER_MIN_SECONDS:
            raise self.refusal(
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
            raise self.refusal(
                f"This voiceover is {length} long; {between}.",
                "too_long",
                suggestion=f"Try trimming it to {VOICEOVER_MAX_SECONDS} seconds or less.",
            )

    def changes(self, measured):
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

    def why_not_accepted(self, measured):
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

    # --- Conforming (voiceover_conform.py runs ffmpeg) -------------------------

    def conform(self, path, measured, _source, changes, workdir):
        return voiceover_conform.conform(self, path, measured, changes, workdir)


def _unusual_codec(measured):
    """The codec inside a WAV or M4A that Kling may not expect there (ADPCM, AMR...), or None."""
    codec = measured.codec or ""
    if measured.format == "wav" and not codec.startswith("pcm_"):
        return codec or "unknown"
    if measured.format == "m4a" and codec not in ("aac", "alac"):
        return codec or "unknown"
    return None


# --- Public API ----------------------------------------------------------------

VOICEOVER = VoiceoverInspection()


def inspect_voiceover(path):
    """Measure the voiceover at `path` and say whether Kling would take it. Never raises."""
    return VOICEOVER.inspect(path)


def prepare_voiceover(path, workdir):
    """Check the voiceover at `path`, conform it if needed, and describe the final file.

    Returns a Prepared whose path is `path` itself when nothing had to change,
    or a new file in `workdir` (created if missing). Raises MediaRefused, and
    nothing else, when Kling would refuse the voiceover and we cannot fix it.
    """
    return VOICEOVER.prepare(path, workdir)
