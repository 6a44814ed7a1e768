"""The production shape bench/scale.py runs on, set up and taken down.

``World(args, workdir, sandbox_url)``: a fresh PostgreSQL database
(``bench_scale_<pid>_<time>`` on 127.0.0.1:5432, user postgres), an empty
Redis database number of its own (the highest empty one, flushed; or
--redis-db), a MEDIA_ROOT in ``workdir``, and the environment every process
shares (practice mode pointed at the sandbox; SITE_URL for callbacks unless
--no-callbacks). ``prepare()`` creates the database, migrates and runs
``setup_schedules``; ``start()`` starts gunicorn (deploy/gunicorn.conf.py) on
a free port and --qclusters ``manage.py qcluster`` processes with Q_WORKERS
each, each in its own process group, through ``scale_counting.py`` so their
database queries are counted in Redis; ``close()`` stops them (dev.py's
``stop_all``: SIGTERM to each group, SIGKILL after 4 s), drops the database
and flushes the Redis database. ``RssSampler`` reads the peak RSS (VmHWM) of
every process in each qcluster's group.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import redis
import requests

from dev import stop_all

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = sys.executable
POSTGRES = "postgresql://postgres@127.0.0.1:5432/"
REDIS = "redis://127.0.0.1:6379/"
QUERY_COUNTER = "benchscale:queries:"
QUERY_KINDS = ("web", "worker")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def empty_redis_db(chosen=None):
    """--redis-db, or the highest-numbered database holding no key."""
    if chosen is not None:
        return chosen
    for number in range(15, 0, -1):
        if redis.Redis.from_url(f"{REDIS}{number}").dbsize() == 0:
            return number
    raise SystemExit("no empty Redis database: pass --redis-db N")


class World:
    def __init__(self, args, workdir: Path, sandbox_url: str):
        self.args = args
        self.workdir = workdir
        self.database = f"bench_scale_{os.getpid()}_{int(time.time())}"
        self.redis_url = f"{REDIS}{empty_redis_db(args.redis_db)}"
        self.redis = redis.Redis.from_url(self.redis_url)
        self.port = free_port()
        self.processes = {}
        self.database_made = False
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("KLING_", "AWS_"))},
            "DJANGO_SETTINGS_MODULE": "avatarstudio.settings",
            "DATABASE_URL": f"{POSTGRES}{self.database}",
            "REDIS_URL": self.redis_url,
            "MEDIA_ROOT": str(workdir / "media"),
            "MEDIA_STORAGE": "local",
            "STATIC_ROOT": str(workdir / "static"),
            "KLING_PRACTICE_MODE": "1",
            "KLING_API_BASE": sandbox_url,
            "Q_WORKERS": str(args.q_workers),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "DEBUG": "0",
            "BIND": f"127.0.0.1:{self.port}",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH)]),
        }
        self.env.pop("SITE_URL", None)
        if not args.no_callbacks:
            self.env["SITE_URL"] = f"http://127.0.0.1:{self.port}"

    # --- set-up ----------------------------------------------------------------------

    def prepare(self):
        self.redis.flushdb()
        with psycopg.connect(f"{POSTGRES}postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.database}"')
        self.database_made = True
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("setup_schedules")

    def manage(self, *args):
        subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def spawn(self, name, command, counter):
        log = (self.workdir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env={**self.env, "BENCH_QUERY_COUNTER": QUERY_COUNTER + counter},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def start(self):
        self.spawn(
            "web",
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--no-control-socket",
             "scale_counting:application"],
            "web",
        )  # fmt: skip
        for number in range(self.args.qclusters):
            self.spawn(
                f"qcluster-{number + 1}", [PYTHON, "bench/scale_counting.py", "qcluster"], "worker"
            )
        self.wait_for_web()

    def wait_for_web(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                requests.get(f"http://127.0.0.1:{self.port}/health/", timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.3)
        log = (self.workdir / "web.log").read_text()[-3000:]
        raise SystemExit(f"the web process did not answer in {seconds} s:\n{log}")

    def qclusters(self):
        return {name: p for name, p in self.processes.items() if name.startswith("qcluster")}

    def queries(self):
        """Database queries counted so far, by kind of process."""
        return {kind: int(self.redis.get(QUERY_COUNTER + kind) or 0) for kind in QUERY_KINDS}

    # --- taking down -----------------------------------------------------------------

    def stop_processes(self):
        stop_all(self.processes)
        self.processes = {}

    def close(self):
        try:
            self.stop_processes()
        finally:
            if self.database_made:
                with psycopg.connect(f"{POSTGRES}postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self.redis.flushdb()


# --- peak RSS of the workers --------------------------------------------------------------


def group_members(pgid):
    """(pid, parent pid, program name) of each live process in a process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                program = (entry / "cmdline").read_bytes().split(b"\0")[0].decode()
                members.append((int(entry.name), int(fields[1]), Path(program).name))
        except (OSError, ValueError, IndexError):
            continue
    return members


def peak_rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def role(pid, parent, program, leader, sentinels):
    """What a process of a qcluster's group is (django-q2: the cluster starts
    the sentinel, which starts the pusher, the monitor and the workers)."""
    if pid == leader:
        return "qcluster"
    if not program.startswith("python"):
        return f"{program} (run by a worker)"
    if parent == leader:
        return "sentinel"
    return "pusher, monitor or worker" if parent in sentinels else "other"


class RssSampler(threading.Thread):
    """Every few seconds, the VmHWM of every process in each qcluster's group."""

    def __init__(self, world, every=3.0):
        super().__init__(name="rss-sampler", daemon=True)
        self.world, self.every = world, every
        self.peaks = {}  # (qcluster, pid) → (kB, role)
        self.stopping = threading.Event()

    def sample(self):
        for name, process in self.world.qclusters().items():
            members = group_members(process.pid)
            sentinels = {pid for pid, parent, _ in members if parent == process.pid}
            for pid, parent, program in members:
                kb = peak_rss_kb(pid)
                if kb is not None and kb > self.peaks.get((name, pid), (0, ""))[0]:
                    self.peaks[(name, pid)] = (
                        kb,
                        role(pid, parent, program, process.pid, sentinels),
                    )

    def run(self):
        while not self.stopping.wait(self.every):
            self.sample()

    def finish(self):
        """The last sample, taken before the workers are stopped."""
        self.stopping.set()
        self.sample()

    def print(self):
        print("\npeak RSS (VmHWM), sampled every 3 s and at the end:")
        for name in sorted({name for name, _ in self.peaks}):
            by_role = {}
            for (qcluster, _), (kb, what) in sorted(self.peaks.items(), key=lambda i: -i[1][0]):
                if qcluster == name:
                    by_role.setdefault(what, []).append(f"{kb / 1024:.0f}")
            print(f"  {name}: " + "; ".join(f"{w} {', '.join(mb)} MB" for w, mb in by_role.items()))
        workers = [kb for kb, what in self.peaks.values() if what.startswith("pusher")]
        if workers:
            print(f"  largest pusher, monitor or worker process: {max(workers) / 1024:.0f} MB")
