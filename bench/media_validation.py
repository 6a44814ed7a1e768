"""How long portrait and voiceover validation takes, and how much memory it needs.

    python bench/media_validation.py [--repeat N]

Makes the test files in a temporary directory (a 10 MB PNG, a 5 MB MP3, pixel
bombs, files that need conforming), then runs each case in a fresh child
process, so that one case's memory does not hide another's. For each case it
prints the wall time of prepare_* (best and median of N runs), the child's peak
resident memory (VmHWM, or ru_maxrss off Linux; it includes Pillow's pixel buffers), its growth
over the child's baseline after imports, the peak of Python allocations seen
by tracemalloc (Pillow and ffmpeg allocate outside it), and the peak memory of
the ffmpeg processes it started. It prints figures and asserts nothing.
No Django needed: projects.media is pure Python.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024


# --- Making the files ---------------------------------------------------------------


def ffmpeg(*args):
    import imageio_ffmpeg

    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-v", "error", "-y", *args]
    subprocess.run(command, check=True)


def noise_png(path, width, height):
    from PIL import Image

    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
        path, "PNG", compress_level=1
    )


def png_chunk(kind, data):
    import struct

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pixel_bomb(path, width, height):
    """A valid greyscale PNG of black pixels: a few hundred KB that decode to width × height."""
    import struct

    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def big_jpeg(path, width, height):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 97):
        draw.line((x, 0, width - x, height), fill=(x % 255, 80, 160), width=9)
    image.save(path, "JPEG", quality=90)


def make_files(directory):
    files = {}
    # Noise does not compress: 1850 × 1850 RGB is just under 10 MB as PNG.
    files["png-10mb"] = directory / "noise-10mb.png"
    noise_png(files["png-10mb"], 1850, 1850)
    files["png-over-10mb"] = directory / "noise-over-10mb.png"
    noise_png(files["png-over-10mb"], 2000, 1800)
    files["jpeg-50mpx"] = directory / "lines-50mpx.jpg"
    big_jpeg(files["jpeg-50mpx"], 10_000, 5_000)
    files["bomb-50mpx"] = directory / "bomb-10000x5001.png"
    pixel_bomb(files["bomb-50mpx"], 10_000, 5_001)
    files["bomb-400mpx"] = directory / "bomb-20000x20000.png"
    pixel_bomb(files["bomb-400mpx"], 20_000, 20_000)
    # 125 s at 320 kbps: 5.0 MB, just under Kling's 5 MB.
    files["mp3-5mb"] = directory / "tone-5mb.mp3"
    ffmpeg("-f", "lavfi", "-i", "anoisesrc=d=125:a=0.3", "-c:a", "libmp3lame", "-b:a", "320k",
           files["mp3-5mb"])  # fmt: skip
    files["mp3-vbr-no-xing"] = directory / "vbr-no-xing-290s.mp3"
    ffmpeg("-f", "lavfi", "-i", "anoisesrc=d=290:a=0.3", "-c:a", "libmp3lame", "-q:a", "4",
           "-write_xing", "0", files["mp3-vbr-no-xing"])  # fmt: skip
    files["wav-over-5mb"] = directory / "tone-60s-48k-stereo.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=60", "-ac", "2",
           files["wav-over-5mb"])  # fmt: skip
    return files


CASES = [
    # (name, file key, what it does)
    ("10 MB PNG, accepted as is", "png-10mb", "portrait"),
    ("PNG over 10 MB, re-encoded as JPEG", "png-over-10mb", "portrait"),
    ("50 Mpx JPEG (at the pixel cap), accepted", "jpeg-50mpx", "portrait"),
    ("pixel bomb 10000 × 5001 (over our cap)", "bomb-50mpx", "portrait"),
    ("pixel bomb 20000 × 20000 (over Pillow's)", "bomb-400mpx", "portrait"),
    ("5 MB MP3 (125 s, 320 kbps), accepted", "mp3-5mb", "voiceover"),
    ("VBR MP3 without Xing, 290 s, accepted", "mp3-vbr-no-xing", "voiceover"),
    ("WAV over 5 MB (60 s), transcoded to MP3", "wav-over-5mb", "voiceover"),
]


# --- Measuring, in a child process ----------------------------------------------------


def peak_rss_kb():
    """This process's peak resident memory, in KB.

    Linux's VmHWM starts afresh at exec; ru_maxrss may carry the parent's peak over.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(kind, path, repeat):
    from projects.media import MediaRefused, prepare_portrait, prepare_voiceover

    prepare = prepare_portrait if kind == "portrait" else prepare_voiceover
    baseline_kb = peak_rss_kb()
    tracemalloc.start()
    times, outcome = [], ""
    with tempfile.TemporaryDirectory() as workdir:
        for _ in range(repeat):
            start = time.perf_counter()
            try:
                prepared = prepare(path, workdir)
                outcome = f"{prepared.format}, {prepared.bytes / MB:.2f} MB" + (
                    ", conformed" if prepared.changed else ", unchanged"
                )
            except MediaRefused as refusal:
                outcome = f"refused ({refusal.code})"
            times.append(time.perf_counter() - start)
    _current, traced_peak = tracemalloc.get_traced_memory()
    print(
        json.dumps(
            {
                "best": min(times),
                "median": statistics.median(times),
                "peak_kb": peak_rss_kb(),
                "baseline_kb": baseline_kb,
                "traced_peak": traced_peak,
                "ffmpeg_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                "outcome": outcome,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (default 3)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        # Import the module first, so that the baseline includes Pillow and mutagen.
        import projects.media  # noqa: F401

        child(*options.child, options.repeat)
        return

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; making the files...")
    with tempfile.TemporaryDirectory() as directory:
        files = make_files(Path(directory))
        header = (
            f"{'case':44} {'size':>9} {'best':>8} {'median':>8} {'peak RSS':>9}"
            f" {'growth':>8} {'traced':>8} {'ffmpeg':>8}  outcome"
        )
        print(header)
        print("-" * len(header))
        for name, key, kind in CASES:
            path = files[key]
            completed = subprocess.run(
                [sys.executable, __file__, "--repeat", str(options.repeat),
                 "--child", kind, str(path)],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if completed.returncode != 0:
                print(f"{name:44} failed: {completed.stderr.strip().splitlines()[-1:]}")
                continue
            result = json.loads(completed.stdout.strip().splitlines()[-1])
            print(
                f"{name:44} {path.stat().st_size / MB:7.2f}MB"
                f" {result['best'] * 1000:6.0f}ms {result['median'] * 1000:6.0f}ms"
                f" {result['peak_kb'] / 1024:7.0f}MB"
                f" {(result['peak_kb'] - result['baseline_kb']) / 1024:6.0f}MB"
                f" {result['traced_peak'] / MB:6.1f}MB"
                f" {result['ffmpeg_peak_kb'] / 1024:6.0f}MB  {result['outcome']}"
            )


if __name__ == "__main__":
    main()
