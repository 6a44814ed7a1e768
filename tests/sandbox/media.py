"""Test media made on the spot: Pillow images and ffmpeg-made audio, cached per run."""

import base64
import functools
import io
import os
import subprocess
import tempfile

import imageio_ffmpeg
from PIL import Image, ImageDraw

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


def b64(data):
    return base64.b64encode(data).decode()


@functools.cache
def image(width=400, height=500, kind="PNG"):
    """A simple face-like portrait: skin oval on a coloured background."""
    picture = Image.new("RGB", (width, height), (70, 110, 160))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((width * 0.25, height * 0.2, width * 0.75, height * 0.8), fill=(235, 195, 165))
    draw.ellipse((width * 0.38, height * 0.4, width * 0.45, height * 0.46), fill=(40, 40, 40))
    draw.ellipse((width * 0.55, height * 0.4, width * 0.62, height * 0.46), fill=(40, 40, 40))
    out = io.BytesIO()
    picture.save(out, kind)
    return out.getvalue()


@functools.cache
def noisy_png(width, height):
    """A PNG that barely compresses, to get a large file from few pixels."""
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
        out, "PNG", compress_level=0
    )
    return out.getvalue()


@functools.cache
def audio(seconds=3.0, kind="mp3", frequency=440, rate=22050, channels=1):
    """A sine tone encoded as ``kind`` (mp3, wav, m4a, aac, flac, wav8 for tiny WAVs)."""
    codec = {
        "mp3": ["-c:a", "libmp3lame", "-f", "mp3"],
        "wav": ["-c:a", "pcm_s16le", "-f", "wav"],
        "wav8": ["-c:a", "pcm_u8", "-f", "wav"],
        "m4a": ["-c:a", "aac", "-f", "ipod"],
        "aac": ["-c:a", "aac", "-f", "adts"],
        "flac": ["-c:a", "flac", "-f", "flac"],
    }[kind]
    with tempfile.TemporaryDirectory() as work:
        target = os.path.join(work, "out")
        subprocess.run(
            [
                FFMPEG,
                "-hide_banner",
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                f"sine=frequency={frequency}:duration={seconds}:sample_rate={rate}",
                "-ac",
                str(channels),
                *codec,
                target,
            ],
            check=True,
        )
        with open(target, "rb") as made:
            return made.read()


def probe(path_or_bytes):
    """ffmpeg's description of a media file: (duration seconds, stream lines)."""
    with tempfile.NamedTemporaryFile(suffix=".bin") as source:
        if isinstance(path_or_bytes, bytes):
            source.write(path_or_bytes)
            source.flush()
            path = source.name
        else:
            path = str(path_or_bytes)
        result = subprocess.run([FFMPEG, "-hide_banner", "-i", path], capture_output=True)
    text = result.stderr.decode(errors="replace")
    streams = [line.strip() for line in text.splitlines() if "Stream #" in line]
    duration = None
    for line in text.splitlines():
        if "Duration:" in line:
            hours, minutes, seconds = line.split("Duration:")[1].split(",")[0].split(":")
            duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    return duration, streams


def decoded_seconds(data, stream="a"):
    """Length of the decoded audio or video stream, which is what a viewer hears/sees."""
    with tempfile.NamedTemporaryFile(suffix=".bin") as source:
        source.write(data)
        source.flush()
        result = subprocess.run(
            [FFMPEG, "-hide_banner", "-i", source.name, "-map", f"0:{stream}:0", "-f", "null", "-"],
            capture_output=True,
        )
    times = [part.split()[0] for part in result.stderr.decode().split("time=")[1:]]
    hours, minutes, seconds = times[-1].split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def first_frame(data, at=0.0):
    """One decoded frame as a Pillow image."""
    with tempfile.NamedTemporaryFile(suffix=".mp4") as source:
        source.write(data)
        source.flush()
        result = subprocess.run(
            [
                FFMPEG,
                "-hide_banner",
                "-loglevel",
                "error",
                "-ss",
                str(at),
                "-i",
                source.name,
                "-frames:v",
                "1",
                "-f",
                "image2pipe",
                "-c:v",
                "png",
                "-",
            ],
            capture_output=True,
            check=True,
        )
    return Image.open(io.BytesIO(result.stdout)).convert("RGB")
