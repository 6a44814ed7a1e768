"""The naive 3-second poller bench/scale.py compares with: run on its own.

    python bench/scale_naive.py --renders N --min-seconds S --max-seconds S
        --concurrency C --seed N --voiceover-seconds S --timeout S --out FILE.json

Starts its own counted Kling sandbox with the given options (the same as the
bench's), makes N tasks directly with ``KlingClient`` from the same portrait
and voiceover, and every 3 s: creates the tasks not created yet, one after
another until the sandbox refuses one with 1303 (the rest wait for the next
round), queries each unfinished task by id, and downloads each video as soon
as its task succeeded. Writes its figures to FILE as JSON: API calls by kind,
per downloaded render, mean and peak following requests and creates per
second, succeed → downloaded p95, the wall time.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from renders_follow import NAIVE_INTERVAL, make_media  # noqa: E402
from scale_figures import api_calls, per_second, percentile, succeeded_at  # noqa: E402
from scale_sandbox import sandbox_options, start_counted_sandbox  # noqa: E402

from dev import interrupt  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avatarstudio.settings")
os.environ.setdefault("KLING_PRACTICE_MODE", "1")
os.environ.setdefault("LOG_LEVEL", "WARNING")
MAX_VIDEO_BYTES = 500 * 1024 * 1024


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name in ("--min-seconds", "--max-seconds", "--voiceover-seconds", "--timeout"):
        parser.add_argument(name, type=float, required=True)
    for name in ("--renders", "--concurrency", "--seed"):
        parser.add_argument(name, type=int, required=True)
    parser.add_argument("--out", required=True)
    return parser.parse_args(argv)


def follow_naively(args, sandbox, image, sound, downloads):
    """(downloaded at by external id, wall seconds): the poller's loop."""
    from projects.kling import ResultHosts  # after django.setup()
    from projects.kling.client import KlingClient
    from projects.kling.errors import KlingConcurrencyError

    client = KlingClient(
        base_url=sandbox.base_url,
        access_key=sandbox.access_key,
        secret_key=sandbox.secret_key,
        result_hosts=ResultHosts(sandbox_origin=sandbox.base_url),
    )
    to_create = [f"naive-{i}" for i in range(args.renders)]
    pending, downloaded = {}, {}
    started = time.time()
    while (to_create or pending) and time.time() < started + args.timeout:
        round_started = time.monotonic()
        while to_create:
            try:
                task = client.create_task(
                    image=image, sound_file=sound, external_task_id=to_create[0]
                )
            except KlingConcurrencyError:
                break
            pending[task.task_id] = to_create.pop(0)
        for task_id, external_id in list(pending.items()):
            task = client.get_task(task_id)
            if task.succeeded:
                with (downloads / f"{task_id}.mp4").open("wb") as out:
                    client.download(task.video.url, out, max_bytes=MAX_VIDEO_BYTES)
                downloaded[external_id] = time.time()
                del pending[task_id]
            elif task.failed:
                del pending[task_id]
        time.sleep(max(0.0, NAIVE_INTERVAL - (time.monotonic() - round_started)))
    return downloaded, started


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, interrupt)  # stopped by the bench: clean up all the same
    warnings.filterwarnings("ignore", message="The HMAC key is")
    import django

    django.setup()
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-naive-"))
    try:
        portrait, voiceover = make_media(workdir, args.voiceover_seconds)
        sandbox, log = start_counted_sandbox(
            data_dir=str(workdir / "sandbox"), **sandbox_options(args)
        )
        downloaded, started = follow_naively(
            args, sandbox, portrait.read_bytes(), voiceover.read_bytes(), workdir
        )
        ended = max(downloaded.values(), default=time.time())
        entries = log.snapshot()
        calls = api_calls(entries)
        succeeded = succeeded_at(sandbox.tasks())
        latencies = [when - succeeded[key] for key, when in downloaded.items() if key in succeeded]
        figures = {
            "renders": args.renders,
            "archived": len(downloaded),
            "api": calls["total"],
            "calls": ", ".join(f"{calls[k]} {k}" for k in ("create", "query", "list", "download")),
            "following": per_second(
                [t for t, k, _ in entries if k in ("query", "list")], started, ended
            ),  # fmt: skip
            "creates": per_second([t for t, k, _ in entries if k == "create"], started, ended),
            "p95": percentile(latencies, 0.95),
            "wall": ended - started,
        }
        Path(args.out).write_text(json.dumps(figures))
        sandbox.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
