"""How long content credentials add to archiving a video.

    python bench/credentials.py [--repeat 5]

Makes the sample videos as the Kling sandbox makes them (the demo portrait
with each demo voiceover, plus 15 s and 60 s voiceovers, 720 px, clean and
watermarked copies), then does what archiving adds per video: for each of
its two files, sign the manifest into a copy (c2pa-python, the development
chain in a temporary folder) and read it back. Prints, per sample, the file
sizes and the median over the repeats of the time (wall clock and CPU) for both files,
and the median over all samples. Prints figures and asserts nothing.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avatarstudio.settings")
os.environ.setdefault("KLING_PRACTICE_MODE", "1")

import django  # noqa: E402

django.setup()

import imageio_ffmpeg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from kling_sandbox.render import ffmpeg_command, prepare_still  # noqa: E402
from projects.credentials.identity import load_identity  # noqa: E402
from projects.credentials.signing import read_credentials, sign_video  # noqa: E402

DEMO = ROOT / "projects" / "demo"


def tone(path, seconds):
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
         f"sine=frequency=220:duration={seconds}", "-c:a", "libmp3lame", str(path)],
        check=True,
    )  # fmt: skip
    return path


def make_video(folder, name, audio, watermark):
    still = folder / f"{name}-{watermark}.png"
    width, height = prepare_still(
        (DEMO / "portrait-astronaut.png").read_bytes(), still, 720, watermark
    )
    out = folder / f"{name}-{'watermarked' if watermark else 'clean'}.mp4"
    subprocess.run(ffmpeg_command(still, audio, out, width, height, 25), check=True)
    return out


def fake_render(name):
    asset = SimpleNamespace(
        label=name, content_type="audio/mpeg", format="mp3", created=timezone.now(),
        source_sha256="0" * 64,
    )  # fmt: skip
    return SimpleNamespace(
        code=uuid.uuid4(), task_id=f"bench-{name}", mode="std", title=name, finished_at=None,
        project=SimpleNamespace(team=SimpleNamespace(name="Bench team")),
        portrait=SimpleNamespace(**{**vars(asset), "content_type": "image/png", "format": "png"}),
        voiceover=asset, voiceover_id=1,
    )  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings.C2PA_DEV_CERT_DIR = str(folder / "c2pa-dev")
        samples = {
            "voiceover-en": DEMO / "voiceover-en.mp3",
            "voiceover-fr": DEMO / "voiceover-fr.m4a",
            "tone-15s": tone(folder / "tone15.mp3", 15),
            "tone-60s": tone(folder / "tone60.mp3", 60),
        }
        load_identity()  # the development chain is made once, not timed
        medians, cpu_medians = [], []
        print(
            f"{'sample':<14} {'clean MB':>9} {'wm MB':>7}"
            f" {'sign+read both (ms)':>20} {'CPU (ms)':>9}"
        )
        for name, audio in samples.items():
            files = [make_video(folder, name, audio, watermark) for watermark in (False, True)]
            render = fake_render(name)
            times, cpu = [], []
            for _ in range(args.repeat):
                started, cpu_started = time.perf_counter(), time.process_time()
                for path, copy in zip(files, ("clean", "watermarked"), strict=True):
                    signed = sign_video(path, render, copy=copy, identity=load_identity())
                    assert read_credentials(signed).valid
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            median = statistics.median(times)
            medians.append(median)
            cpu_medians.append(statistics.median(cpu))
            sizes = [f.stat().st_size / 1e6 for f in files]
            print(
                f"{name:<14} {sizes[0]:>9.2f} {sizes[1]:>7.2f} {median:>20.1f}"
                f" {cpu_medians[-1]:>9.1f}"
            )
        print(
            f"median per video over {len(medians)} samples: {statistics.median(medians):.1f} ms"
            f" (CPU {statistics.median(cpu_medians):.1f} ms)"
        )


if __name__ == "__main__":
    main()
