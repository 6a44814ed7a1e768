"""Making the result MP4: the portrait, gently moving, over the voiceover.

Renders are cheap on purpose (small frame, low fps, x264 ultrafast) and
content-addressed: the file name is a hash of the inputs and settings, so a
benchmark's 200 identical tasks encode once, and a restarted sandbox reuses
what is on disk. A pool of two threads bounds the ffmpeg processes renders run.
"""

import hashlib
import io
import logging
import os
import subprocess
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg
import mutagen.mp4
from PIL import Image, ImageDraw, ImageFont, ImageOps

log = logging.getLogger("kling_sandbox")

# Bump when the output changes, so old cached files are not served as new ones.
RENDER_VERSION = b"1"
MAX_PARALLEL_RENDERS = 2
RENDER_TIMEOUT = 600


@dataclass(frozen=True)
class Render:
    path: Path
    seconds: float


class Renderer:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._pool = ThreadPoolExecutor(MAX_PARALLEL_RENDERS, thread_name_prefix="sandbox-render")
        self._lock = threading.Lock()
        self._jobs = {}
        self.encodes = 0  # ffmpeg runs so far, so tests can see the cache work

    def submit(self, image, audio, watermark, max_side, fps):
        """A Future of a Render; identical inputs share one job and one file."""
        digest = hashlib.sha256(RENDER_VERSION)
        for part in (image, audio, b"wm" if watermark else b"clean", b"%d/%d" % (max_side, fps)):
            digest.update(hashlib.sha256(part).digest())
        key = digest.hexdigest()[:32]
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and not (job.done() and job.exception()):
                return job
            target = self.directory / f"{key}.mp4"
            if target.exists():
                job = Future()
                job.set_result(Render(target, probe_seconds(target)))
            else:
                job = self._pool.submit(
                    self._render, target, image, audio, watermark, max_side, fps
                )
            self._jobs[key] = job
            return job

    def _render(self, target, image, audio, watermark, max_side, fps):
        with tempfile.TemporaryDirectory(dir=self.directory) as work:
            still = Path(work) / "still.png"
            sound = Path(work) / "sound"
            width, height = prepare_still(image, still, max_side, watermark)
            sound.write_bytes(audio)
            partial = Path(work) / "out.mp4"
            run_ffmpeg(ffmpeg_command(still, sound, partial, width, height, fps))
            with self._lock:
                self.encodes += 1
            os.replace(partial, target)
        return Render(target, probe_seconds(target))

    def shutdown(self):
        self._pool.shutdown(wait=False, cancel_futures=True)


def prepare_still(image_bytes, path, max_side, watermark):
    """Fit the portrait to ``max_side`` with even sides (yuv420p needs them)."""
    with Image.open(io.BytesIO(image_bytes)) as source:
        image = ImageOps.exif_transpose(source).convert("RGB")
    scale = min(1.0, max_side / max(image.size))
    width = max(2, int(image.width * scale) // 2 * 2)
    height = max(2, int(image.height * scale) // 2 * 2)
    image = image.resize((width, height), Image.Resampling.LANCZOS)
    if watermark:
        image = draw_watermark(image)
    image.save(path, "PNG")
    return width, height


def draw_watermark(image):
    """A large, half-transparent "SANDBOX" across the lower third."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    font = ImageFont.load_default(size=max(12, image.width // 6))
    left, top, right, bottom = draw.textbbox((0, 0), "SANDBOX", font=font, stroke_width=2)
    x = (image.width - (right - left)) // 2 - left
    y = image.height * 2 // 3 - (bottom - top) // 2 - top
    band = (0, y + top - 8, image.width, y + bottom + 8)
    draw.rectangle(band, fill=(0, 0, 0, 110))
    draw.text(
        (x, y),
        "SANDBOX",
        font=font,
        fill=(255, 255, 255, 220),
        stroke_width=2,
        stroke_fill=(200, 0, 0, 220),
    )
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def ffmpeg_command(still, sound, output, width, height, fps):
    # Zoompan works on a 2x frame so its integer crop steps do not jitter; the
    # zoom "breathes" over 6 s and the frame bobs slightly, like a live head.
    period = 6 * fps
    motion = (
        f"scale={width * 2}:{height * 2},"
        f"zoompan=z='1.04+0.03*sin(2*PI*on/{period})'"
        f":x='iw/2-(iw/zoom/2)'"
        f":y='ih/2-(ih/zoom/2)-ih*0.008*sin(2*PI*on/{period // 2 or 1})'"
        f":d=1:s={width}x{height}:fps={fps},format=yuv420p"
    )
    return [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-loop",
        "1",
        "-framerate",
        str(fps),
        "-i",
        str(still),
        "-i",
        str(sound),
        "-filter_complex",
        f"[0:v]{motion}[v]",
        "-map",
        "[v]",
        "-map",
        "1:a:0",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-r",
        str(fps),
        "-c:a",
        "aac",
        "-b:a",
        "96k",
        "-shortest",
        "-movflags",
        "+faststart",
        str(output),
    ]


def run_ffmpeg(command):
    result = subprocess.run(command, capture_output=True, timeout=RENDER_TIMEOUT)
    if result.returncode != 0:
        log.warning("ffmpeg failed: %s", result.stderr.decode(errors="replace")[-500:])
        raise RuntimeError("ffmpeg failed")


def probe_seconds(path):
    return float(mutagen.mp4.MP4(path).info.length)
