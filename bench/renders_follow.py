"""How many Kling calls following renders costs, and how soon a finished video is here.

    python bench/renders_follow.py [--renders 200] [--min-seconds 20] [--max-seconds 60]

Starts a Kling sandbox in this process whose tasks take --min-seconds to
--max-seconds (drawn uniformly; real Kling avatar renders take minutes, so these
are scaled down to keep the run to a few minutes), then follows N renders twice,
one after the other:

* our worker: the real pipeline on a throwaway SQLite database and media folder.
  Renders are made with ``render_create`` (which enqueues their submission);
  one thread runs ``projects.tasks.pump`` over and over, as the scheduled pump
  does, and --task-workers threads run what the pipeline hands to the broker
  (submit_render, archive_render), as the other django-q2 workers would.
* a naive follower: N tasks created directly with ``KlingClient``; every 3 s it
  queries each unfinished task by id, and downloads the video once it succeeded.

Provider calls are counted in a ``KlingClient`` subclass (the sandbox keeps no
request counter): API calls (create, query one, list) and, apart, result
downloads. Latency is succeed → archived: for our worker the render's
finished_at (video downloaded, checked with ffmpeg and a poster made), for the
naive follower the end of its download, both minus the sandbox task's
updated_at of its succeed. All renders use one portrait and one voiceover, so
the sandbox encodes one video and serves it from its cache. It prints figures
(bench/follow_figures.py makes the table) and asserts nothing.
"""

import argparse
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from pathlib import Path

from follow_figures import print_table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NAIVE_INTERVAL = 3.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=200, help="renders per follower")
    parser.add_argument("--min-seconds", type=float, default=20.0, help="shortest task")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="longest task")
    parser.add_argument(
        "--task-workers",
        type=int,
        default=1,
        help="threads running broker tasks beside the pump (Q_WORKERS=2 leaves one)",
    )
    parser.add_argument("--voiceover-seconds", type=float, default=4.0)
    parser.add_argument("--seed", type=int, default=1, help="seeds the sandbox's task durations")
    parser.add_argument(
        "--timeout", type=float, default=None, help="give up following after this many seconds"
    )
    return parser.parse_args()


def set_up_django(workdir: Path):
    # Before django.setup(): settings read the environment once.
    os.environ["DJANGO_SETTINGS_MODULE"] = "avatarstudio.settings"
    os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("SITE_URL", None)  # no callbacks: the worker polls
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_media(workdir: Path, seconds: float):
    """One portrait and one voiceover, real files like the tests make."""
    import subprocess

    import imageio_ffmpeg
    from PIL import Image, ImageDraw

    portrait = workdir / "face.png"
    image = Image.new("RGB", (512, 512), (90, 120, 200))
    ImageDraw.Draw(image).ellipse((150, 100, 360, 330), fill=(235, 200, 170))
    image.save(portrait, "PNG")
    voiceover = workdir / "voice.mp3"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
         f"sine=frequency=440:duration={seconds}", "-ac", "1", "-b:a", "64k", str(voiceover)],
        check=True,
        timeout=60,
    )  # fmt: skip
    return portrait, voiceover


# --- Counting provider calls ------------------------------------------------------------


def counting_client_class():
    from projects.kling.client import AVATAR_PATH, TTS_PATH, KlingClient

    class CountingClient(KlingClient):
        """Counts every HTTP request it sends, by kind, in a shared Counter."""

        def __init__(self, *, counter: Counter, lock: threading.Lock, **options):
            super().__init__(**options)
            self.counter, self.lock = counter, lock

        def _send(self, method, url, **kwargs):
            path = url[len(self.base_url) :] if url.startswith(self.base_url) else None
            if path == AVATAR_PATH and method == "POST":
                kind = "create"
            elif path == AVATAR_PATH:
                kind = "list"
            elif path is not None and path.startswith(AVATAR_PATH + "/"):
                kind = "query"
            elif path == TTS_PATH:
                kind = "tts"
            else:
                kind = "download"
            with self.lock:
                self.counter[kind] += 1
            return super()._send(method, url, **kwargs)

    return CountingClient


class Calls:
    """The provider calls of one follower."""

    API = ("create", "query", "list", "tts")

    def __init__(self, sandbox):
        from projects.kling import ResultHosts

        self.counter, self.lock = Counter(), threading.Lock()
        self.options = {
            "base_url": sandbox.base_url,
            "access_key": sandbox.access_key,
            "secret_key": sandbox.secret_key,
            # Practice mode: result files come from the sandbox itself.
            "result_hosts": ResultHosts(sandbox_origin=sandbox.base_url),
        }
        self.client_class = counting_client_class()

    def client(self, **_overrides):
        return self.client_class(counter=self.counter, lock=self.lock, **self.options)

    @property
    def api(self):
        return sum(self.counter[kind] for kind in self.API)


# --- Our worker -------------------------------------------------------------------------


def bench_project(portrait_path, voiceover_path):
    """(person, project, portrait, voiceover): a person's team and project with
    the two files uploaded, and the portrait's consent on record."""
    from django.core.files import File
    from django.utils import timezone

    from projects.assets.uploads import asset_upload
    from projects.consent.services import consent_record
    from projects.models import Project
    from projects.teams.services import user_sign_up

    person = user_sign_up(email="bench@example.org", password="bench-password-1234", name="Bench")
    project = Project.objects.create(team=person.memberships.get().team, name="Bench")
    assets = []
    for path in (portrait_path, voiceover_path):
        with path.open("rb") as fh:
            upload = File(fh, name=path.name)
            assets.append(
                asset_upload(
                    team=project.team, project=project, uploaded_by=person, uploaded=upload
                ).asset
            )
    consent_record(
        portrait=assets[0],
        person_name="Bench Person",
        consent_date=timezone.localdate(),
        confirmed_by=person,
    )
    return person, project, *assets


def run_our_worker(args, sandbox, portrait_path, voiceover_path, deadline):
    from django.db import close_old_connections, connection
    from django.utils.module_loading import import_string

    from projects import tasks
    from projects.models import FINISHED, Render
    from projects.renders import archiving, following, pause, pump, submission
    from projects.renders import queue as render_queue
    from projects.renders.services import render_create

    calls = Calls(sandbox)
    # The pipeline's seam: every client the worker and archiver build counts its calls.
    for module in (submission, following, pause, archiving):
        module.get_client = calls.client

    broker = queue.Queue()
    stop = threading.Event()
    errors = Counter()

    def send_to_broker(func, *task_args, **_options):
        # A running pump already follows everything: the one it asks for would
        # find the lease taken and skip.
        if func != "projects.tasks.pump":
            broker.put((func, task_args))

    render_queue.async_task = send_to_broker

    def task_worker():
        while not stop.is_set():
            try:
                func, task_args = broker.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                import_string(func)(*task_args)
            except Exception as error:  # a django-q2 worker records it and goes on
                errors[f"{func}: {type(error).__name__}"] += 1
            close_old_connections()
        connection.close()

    def pump_loop():
        while not stop.is_set():
            result = tasks.pump(seconds=50)
            if result.get("skipped") or not pump.work_remains():
                time.sleep(0.2)
        connection.close()

    person, project, portrait, voiceover = bench_project(portrait_path, voiceover_path)

    threads = [threading.Thread(target=pump_loop, name="pump", daemon=True)]
    threads += [
        threading.Thread(target=task_worker, name=f"q-worker-{i}", daemon=True)
        for i in range(args.task_workers)
    ]
    for thread in threads:
        thread.start()
    started = time.time()
    for _ in range(args.renders):
        render_create(project=project, created_by=person, portrait=portrait, voiceover=voiceover)
    while time.time() < deadline(started):
        if not Render.objects.exclude(status__in=FINISHED).exists():
            break
        time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    renders = list(Render.objects.all())
    finished_at = {
        r.external_task_id: r.finished_at.timestamp() for r in renders if r.status == "done"
    }
    ended = max(finished_at.values(), default=time.time())
    statuses = Counter(r.status for r in renders)
    return {
        "name": "our worker",
        "renders": len(renders),
        "archived_at": finished_at,
        "calls": calls,
        "wall": ended - started,
        "not archived": {s: n for s, n in statuses.items() if s != "done"},
        "errors": dict(errors),
    }


# --- The naive follower -----------------------------------------------------------------


def run_naive_follower(args, sandbox, portrait_path, voiceover_path, deadline):
    calls = Calls(sandbox)
    client = calls.client()
    image, sound = portrait_path.read_bytes(), voiceover_path.read_bytes()
    downloads = Path(tempfile.mkdtemp(prefix="naive-"))
    started = time.time()
    pending = {}
    for i in range(args.renders):
        task = client.create_task(image=image, sound_file=sound, external_task_id=f"naive-{i}")
        pending[task.task_id] = task.external_task_id
    archived_at, failed = {}, 0
    while pending and time.time() < deadline(started):
        round_started = time.monotonic()
        for task_id, external_id in list(pending.items()):
            task = client.get_task(task_id)
            if task.succeeded:
                with (downloads / f"{task_id}.mp4").open("wb") as out:
                    client.download(task.video.url, out, max_bytes=500 * 1024 * 1024)
                archived_at[external_id] = time.time()
                del pending[task_id]
            elif task.failed:
                failed += 1
                del pending[task_id]
        time.sleep(max(0.0, NAIVE_INTERVAL - (time.monotonic() - round_started)))
    shutil.rmtree(downloads, ignore_errors=True)
    ended = max(archived_at.values(), default=time.time())
    not_archived = {}
    if failed:
        not_archived["failed"] = failed
    if pending:
        not_archived["still waiting"] = len(pending)
    return {
        "name": f"naive (every {NAIVE_INTERVAL:g} s)",
        "renders": args.renders,
        "archived_at": archived_at,
        "calls": calls,
        "wall": ended - started,
        "not archived": not_archived,
        "errors": {},
    }


def main():
    args = parse_args()
    # The sandbox's development secret is short; real Kling keys are not.
    warnings.filterwarnings("ignore", message="The HMAC key is")
    workdir = Path(tempfile.mkdtemp(prefix="bench-renders-"))
    try:
        set_up_django(workdir)
        from kling_sandbox.testing import start_sandbox

        portrait, voiceover = make_media(workdir, args.voiceover_seconds)
        sandbox = start_sandbox(
            task_min_seconds=args.min_seconds,
            task_max_seconds=args.max_seconds,
            seed=args.seed,
            data_dir=str(workdir / "sandbox"),
        )
        from django.conf import settings

        settings.KLING_API_BASE = sandbox.base_url
        settings.KLING_ACCESS_KEY, settings.KLING_SECRET_KEY = (
            sandbox.access_key,
            sandbox.secret_key,
        )
        settings.KLING_API_KEY = ""
        limit = args.timeout or args.max_seconds * 2 + 120

        def deadline(started):
            return started + limit

        print(
            f"{args.renders} renders per follower; sandbox tasks last {args.min_seconds:g}–"
            f"{args.max_seconds:g} s (uniform; real Kling takes minutes, so this is scaled "
            f"down); over {settings.RENDER_LIST_POLL_THRESHOLD} due renders are polled "
            f"with the list call; worker = pump thread + {args.task_workers} task thread(s); "
            f"{args.voiceover_seconds:g} s voiceover.",
            flush=True,
        )
        print("Following with our worker…", flush=True)
        ours = run_our_worker(args, sandbox, portrait, voiceover, deadline)
        print(f"  done in {ours['wall']:.0f} s. Following naively…", flush=True)
        naive = run_naive_follower(args, sandbox, portrait, voiceover, deadline)
        print(f"  done in {naive['wall']:.0f} s.\n", flush=True)
        succeeded_at = {
            task["task_info"]["external_task_id"]: task["updated_at"] / 1000
            for task in sandbox.tasks()
            if task["task_status"] == "succeed"
        }
        print_table([ours, naive], succeeded_at)
        print(
            "\nAPI calls count creates, single queries and list pages; downloads are "
            "apart. Our latency includes checking the video with ffmpeg and making its poster. "
            "The worker's poll cadence is not scaled (3 s for a task's first minute, then "
            "10 s, 30 s, 60 s), so at real durations it asks less often per minute of task."
        )
        sandbox.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
