"""The one place that runs ffmpeg (the binary imageio-ffmpeg ships).

Every run is bounded in time, reads only local files (the input format is
forced and only the file protocol is allowed, so a crafted file cannot make
ffmpeg open another file or a URL) and reports failures as FfmpegFailed.
"""

import functools
import re
import subprocess
from dataclasses import dataclass, field

import imageio_ffmpeg

from .limits import FFMPEG_TIMEOUT_SECONDS


class FfmpegFailed(Exception):
    """ffmpeg could not do what was asked. `reason` is "unavailable", "timeout" or "error"."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@functools.cache
def executable():
    return imageio_ffmpeg.get_ffmpeg_exe()


@dataclass
class Decoded:
    """What a full decode of the first audio stream found."""

    seconds: float | None = None  # end time of the decoded audio
    reached_cap: bool = False  # decoding stopped at the cap: the audio is at least that long
    errors: list[str] = field(default_factory=list)  # ffmpeg's error lines, in order
    has_audio: bool = False
    has_video: bool = False  # a real video track, not cover art
    codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    bitrate: int | None = None  # bits per second, as the container or stream declares it


def input_args(path, demuxer):
    """ffmpeg's options to read the local file `path` as `demuxer` and nothing else."""
    return ["-protocol_whitelist", "file", "-f", demuxer, "-i", f"file:{path}"]


def _run(args, *, timeout=None, stdout=subprocess.DEVNULL, cwd=None):
    timeout = timeout or FFMPEG_TIMEOUT_SECONDS
    try:
        exe = executable()
    except Exception as error:  # imageio-ffmpeg raises RuntimeError, or OSError on odd installs
        raise FfmpegFailed("unavailable", str(error)) from error
    command = [exe, "-nostdin", "-hide_banner", "-nostats", *args]
    try:
        return subprocess.run(
            command, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout, check=False, cwd=cwd
        )
    except subprocess.TimeoutExpired as error:
        raise FfmpegFailed("timeout", f"ffmpeg ran for more than {timeout} s") from error
    except OSError as error:
        raise FfmpegFailed("unavailable", str(error)) from error


_STREAM = re.compile(r"^\[info\]\s+Stream #0:\d+\S*: (Audio|Video|Subtitle|Data|Attachment): (.*)$")
_PROBLEM = re.compile(r"\[(error|fatal|panic)\] (.*)$")
_CHANNELS = {"mono": 1, "stereo": 2, "2.1": 3, "quad": 4, "4.0": 4, "5.0": 5, "5.1": 6, "7.1": 8}


def decode_audio(path, demuxer, *, cap_seconds, timeout=None):
    """Decode the first audio stream of `path` up to `cap_seconds`, and say what was found."""
    args = [
        "-v", "level+info", *input_args(path, demuxer),
        "-map", "0:a:0", "-t", f"{cap_seconds}", "-f", "null", "-progress", "pipe:1", "-",
    ]  # fmt: skip
    result = _run(args, timeout=timeout, stdout=subprocess.PIPE)
    decoded = Decoded()
    in_input = False
    for line in result.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("[info] Input #0"):
            in_input = True
        elif line.startswith(("[info] Stream mapping", "[info] Output #0")):
            in_input = False
        if match := _PROBLEM.search(line):
            decoded.errors.append(match.group(2).strip())
        elif in_input and (match := _STREAM.match(line)):
            _read_stream(decoded, match.group(1), match.group(2))
    out_times = re.findall(rb"^out_time_us=(\d+)$", result.stdout, re.MULTILINE)
    if out_times:
        decoded.seconds = int(out_times[-1]) / 1_000_000
        decoded.reached_cap = decoded.seconds >= cap_seconds - 0.001
    if result.returncode != 0 and not decoded.errors:
        decoded.errors.append(f"ffmpeg exited with status {result.returncode}")
    return decoded


def _read_stream(decoded, stream_type, description):
    if stream_type == "Video" and "(attached pic)" not in description:
        decoded.has_video = True
    if stream_type != "Audio" or decoded.has_audio:
        return
    decoded.has_audio = True
    parts = [part.strip() for part in description.split(",")]
    decoded.codec = parts[0].split(" ")[0] if parts else None
    for part in parts[1:]:
        if match := re.fullmatch(r"(\d+) Hz", part):
            decoded.sample_rate = int(match.group(1))
        elif match := re.fullmatch(r"(\d+) channels", part):
            decoded.channels = int(match.group(1))
        elif match := re.fullmatch(r"(\d+) kb/s.*", part):
            decoded.bitrate = int(match.group(1)) * 1000
        elif part.split("(")[0] in _CHANNELS:
            decoded.channels = _CHANNELS[part.split("(")[0]]


def encode_mp3(path, demuxer, destination, *, bitrate_kbps, sample_rate, channels, timeout=None):
    """Transcode the first audio stream of `path` to a constant-bitrate MP3 at `destination`.

    Tags and cover art are dropped. The MP3 carries a Xing/LAME header, so that
    its exact duration can be read without decoding it.
    """
    args = [
        "-v", "error", *input_args(path, demuxer),
        "-map", "0:a:0", "-map_metadata", "-1", "-fflags", "+bitexact",
        "-ac", f"{channels}", "-ar", f"{sample_rate}",
        "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k",
        "-f", "mp3", "-y", f"file:{destination}",
    ]  # fmt: skip
    _check(_run(args, timeout=timeout))


# What each sound format is remuxed into, when only its stream is kept.
_MUXERS = {"mp3": "mp3", "m4a": "ipod", "aac": "adts"}


def copy_audio(path, demuxer, destination, *, fmt, timeout=None):
    """Copy the first audio stream of `path`, untouched, into a new `fmt` file.

    Tags, cover art and any video track are left behind: the sound is bit for bit the same.
    """
    args = [
        "-v", "error", *input_args(path, demuxer),
        "-map", "0:a:0", "-map_metadata", "-1", "-fflags", "+bitexact", "-c:a", "copy",
        "-f", _MUXERS[fmt], "-y", f"file:{destination}",
    ]  # fmt: skip
    _check(_run(args, timeout=timeout))


def _check(result):
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise FfmpegFailed("error", detail[-1] if detail else f"status {result.returncode}")


def pcm_16k_mono(path, demuxer, *, timeout=None) -> bytes:
    """The first audio stream of `path` as 16 kHz mono signed 16-bit PCM
    (what the speech recognizer reads), bytes in memory."""
    args = [
        "-v", "error", *input_args(path, demuxer),
        "-map", "0:a:0", "-ac", "1", "-ar", "16000", "-f", "s16le", "pipe:1",
    ]  # fmt: skip
    result = _run(args, timeout=timeout, stdout=subprocess.PIPE)
    _check(result)
    return result.stdout


_SIZE = re.compile(r"(\d{1,5})x(\d{1,5})(?: .*)?")


def video_size(path, demuxer, *, timeout=None) -> tuple[int, int]:
    """(width, height) of the first video stream of `path`."""
    args = ["-v", "level+info", *input_args(path, demuxer), "-map", "0:v:0", "-frames:v", "1",
            "-f", "null", "-"]  # fmt: skip
    result = _run(args, timeout=timeout)
    for line in result.stderr.decode("utf-8", "replace").splitlines():
        match = _STREAM.match(line)
        if match and match.group(1) == "Video":
            for part in match.group(2).split(", "):
                if size := _SIZE.fullmatch(part.strip()):
                    return int(size.group(1)), int(size.group(2))
    _check(result)
    raise FfmpegFailed("error", "no video stream")


def burn_in(path, demuxer, destination, *, workdir, ass_name, fonts_name, timeout=None):
    """Re-encode the video of `path` with the ASS subtitles `workdir/ass_name`
    drawn into the picture, with fonts from `workdir/fonts_name` only; the
    sound is copied untouched. The filter names files relative to `workdir`
    (ffmpeg runs there): names we chose, so that no path needs the filter
    syntax's escaping."""
    args = [
        "-v", "error", *input_args(path, demuxer),
        "-map", "0:v:0", "-map", "0:a?", "-map_metadata", "-1",
        "-vf", f"ass=filename={ass_name}:fontsdir={fonts_name}",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p",
        "-c:a", "copy", "-movflags", "+faststart", "-f", "mp4", "-y", f"file:{destination}",
    ]  # fmt: skip
    _check(_run(args, timeout=timeout, cwd=workdir))
