"""Reading the media a request carries: base64 or URL, type sniffed from content.

Kling judges files by their bytes, not by a name or a declared type, so the
sandbox does too. Durations come from mutagen (no subprocess), with an ffmpeg
decode as the fallback for files mutagen cannot parse.
"""

import base64
import binascii
import io
import logging
import re
import subprocess
import tempfile

import imageio_ffmpeg
import mutagen
import requests

from .errors import invalid

log = logging.getLogger("kling_sandbox")
FETCH_TIMEOUT = 10


def load_bytes(value, what, max_bytes):
    """The bytes behind a create field: an http(s) URL or raw base64 (no ``data:``)."""
    if not isinstance(value, str) or not value.strip():
        raise invalid(f"{what} is required")
    value = value.strip()
    if value[:5].lower() == "data:":
        raise invalid(
            f"Invalid {what}: send the raw Base64 string without a 'data:...;base64,' prefix"
        )
    if re.match(r"(?i)https?://", value):
        return _fetch(value, what, max_bytes)
    # Base64 of a file over the limit is over 4/3 of it; refuse before decoding it.
    if len(value) > (max_bytes * 4) // 3 + 16:
        raise invalid(_too_large(what, max_bytes))
    try:
        data = base64.b64decode(re.sub(r"\s+", "", value), validate=True)
    except (binascii.Error, ValueError):
        raise invalid(f"Invalid {what}: not a valid URL or Base64 string")
    if not data:
        raise invalid(f"Invalid {what}: empty file")
    if len(data) > max_bytes:
        raise invalid(_too_large(what, max_bytes))
    return data


def _too_large(what, max_bytes):
    return f"{what.capitalize()} file size exceeds the limit of {max_bytes // (1024 * 1024)}MB"


def _fetch(url, what, max_bytes):
    try:
        with requests.get(url, timeout=FETCH_TIMEOUT, stream=True) as reply:
            if reply.status_code != 200:
                raise invalid(f"Invalid {what}: URL is not accessible (HTTP {reply.status_code})")
            chunks, size = [], 0
            for chunk in reply.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise invalid(_too_large(what, max_bytes))
                chunks.append(chunk)
    except requests.RequestException:
        raise invalid(f"Invalid {what}: URL is not accessible")
    if not chunks:
        raise invalid(f"Invalid {what}: empty file")
    return b"".join(chunks)


def sniff_image(data):
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def sniff_audio(data):
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[4:8] == b"ftyp":
        return "m4a"
    if data[:4] == b"ADIF":
        return "aac"
    start = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        # Skip the ID3v2 tag (its size is a 28-bit "syncsafe" integer) to the first frame.
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        start = 10 + size + (10 if data[5] & 0x10 else 0)
        if start + 2 > len(data):
            return "mp3"
    frame = data[start : start + 2]
    if len(frame) == 2 and frame[0] == 0xFF and frame[1] & 0xE0 == 0xE0:
        layer = (frame[1] >> 1) & 0x03
        if layer == 0:
            return "aac"  # ADTS: MPEG sync word with layer bits 00
        if layer == 1:
            return "mp3"
    return None


def audio_duration(data):
    """Seconds of audio, or None when the bytes do not decode."""
    try:
        parsed = mutagen.File(io.BytesIO(data))
        if parsed is not None and parsed.info and parsed.info.length > 0:
            return float(parsed.info.length)
    except Exception as error:  # mutagen raises many kinds on junk
        log.debug("mutagen could not read the audio (%s); trying ffmpeg", type(error).__name__)
    return ffmpeg_duration(data)


def ffmpeg_duration(data):
    """Decode to nowhere and read the last timestamp ffmpeg reports."""
    # A file, not a pipe: an m4a may keep its index at the end, which needs seeking.
    with tempfile.NamedTemporaryFile(suffix=".audio") as source:
        source.write(data)
        source.flush()
        try:
            result = subprocess.run(
                [
                    imageio_ffmpeg.get_ffmpeg_exe(),
                    "-hide_banner",
                    "-nostdin",
                    "-i",
                    source.name,
                    "-vn",
                    "-f",
                    "null",
                    "-",
                ],
                capture_output=True,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    times = re.findall(rb"time=(\d+):(\d+):(\d+(?:\.\d+)?)", result.stderr)
    if result.returncode != 0 or not times:
        return None
    hours, minutes, seconds = times[-1]
    total = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    return total or None
