"""Agency scale (issue #18): many renders in flight on the production shape.

    python bench/scale.py [--renders 1000] [--min-seconds 60] [--max-seconds 240]
        [--concurrency 300] [--sweep 1,10,100] [--no-callbacks] [--naive-after | --no-naive]
        [--timeout S] [--quick]

The shape: a fresh PostgreSQL database (bench_scale_…, dropped at the end), a
Redis database number of its own (flushed at start and end) as broker and
cache, a temporary MEDIA_ROOT, ``migrate`` and ``setup_schedules``; gunicorn
(deploy/gunicorn.conf.py) on a free port with SITE_URL pointing at it, so
Kling's callbacks reach the app (--no-callbacks: no SITE_URL, polling only);
two ``manage.py qcluster`` processes with Q_WORKERS=2 each. A Kling sandbox
runs in this process (tasks of --min-seconds to --max-seconds, at most
--concurrency unfinished, seed fixed) and logs every request it receives:
time, kind (create, query, list, tts; result downloads apart) and status.
The app reaches it in practice mode (KLING_PRACTICE_MODE=1, KLING_API_BASE).
Database queries are counted in the web and worker processes
(bench/scale_counting.py); the peak RSS (VmHWM) of every process of each
qcluster is sampled every 3 s and once more before they are stopped.

--renders renders (one portrait, its consent on record, one short voiceover:
the sandbox encodes one video) are made with ``render_create`` in one
transaction, so they are queued at once; the bench waits until every one is
finished (or --timeout) and prints: Kling API calls per archived render;
succeed → archived p50/p95 (render.finished_at minus the task's succeed at the
sandbox); the longest time a free slot stayed empty while renders waited, and
its p95 (from the sandbox's task creates and finishes and the renders queued);
database queries per render; Kling requests per second while following, mean
and peak of any one second, following requests (query + list) apart from
creates (one per render, in bursts as slots free); what was submitted twice or
left behind, as counts; peak RSS per worker process.

The naive 3-second poller (bench/scale_naive.py: its own sandbox with the same
options, N tasks made directly with KlingClient, creates refused with 1303
tried again every 3 s) runs in a subprocess at the same time as ours, so the
run takes one duration (both share the machine); --naive-after runs it after
ours instead. Its calls per render and rates are printed beside ours as a ratio.

--sweep 1,10,100 then runs, with the same database and workers (so the learned
render-time estimate is known), batches of 1, 10 and 100 renders, one after
another, and prints per size: calls per render, mean and peak following
requests and creates per second, p95 succeed → archived.

--quick: 40 renders, tasks of 5–15 s, concurrency 10, sweep 1,5 (a couple of
minutes). Every process is stopped at the end, on Ctrl-C or on an error too,
and the database dropped. It prints figures and asserts nothing.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from renders_follow import bench_project, make_media  # noqa: E402
from scale_figures import print_main, print_sweep, sweep_row  # noqa: E402
from scale_sandbox import sandbox_options, start_counted_sandbox  # noqa: E402
from scale_world import PYTHON, RssSampler, World  # noqa: E402

from dev import interrupt, stop_all  # noqa: E402

FULL = {"renders": 1000, "min_seconds": 60.0, "max_seconds": 240.0, "concurrency": 300, "sweep": ""}
QUICK = {"renders": 40, "min_seconds": 5.0, "max_seconds": 15.0, "concurrency": 10, "sweep": "1,5"}
PROGRESS_EVERY = 30.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, help="renders queued at once (1000; quick 40)")
    parser.add_argument("--min-seconds", type=float, help="shortest sandbox task (60; quick 5)")
    parser.add_argument("--max-seconds", type=float, help="longest sandbox task (240; quick 15)")
    parser.add_argument("--concurrency", type=int, help="sandbox's task limit (300; quick 10)")
    parser.add_argument("--sweep", help="batch sizes after the main run, e.g. 1,10,100")
    parser.add_argument("--quick", action="store_true", help="small numbers for a quick look")
    parser.add_argument("--no-callbacks", action="store_true", help="no SITE_URL: polling only")
    parser.add_argument("--naive-after", action="store_true", help="naive poller after ours")
    parser.add_argument("--no-naive", action="store_true", help="no naive poller (ours only)")
    parser.add_argument("--timeout", type=float, help="give up waiting for the main run (s)")
    parser.add_argument("--seed", type=int, default=1, help="seeds the sandbox's task durations")
    parser.add_argument("--voiceover-seconds", type=float, default=4.0)
    parser.add_argument("--qclusters", type=int, default=2, help="qcluster processes")
    parser.add_argument("--q-workers", type=int, default=2, help="Q_WORKERS of each")
    parser.add_argument("--redis-db", type=int, help="Redis database number (else an empty one)")
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.sweep = [int(size) for size in args.sweep.split(",") if size.strip()]
    if args.timeout is None:
        waves = -(-args.renders // args.concurrency)
        args.timeout = waves * args.max_seconds * 1.5 + 600
    return args


# --- one phase: renders queued at once, followed to the end ------------------------------


def run_phase(count, timeout, setting, sandbox, log, world):
    """Queue ``count`` renders in one transaction and wait until all finished."""
    from django.db import transaction
    from django.db.models import Count

    from projects.models import FINISHED, Render
    from projects.renders.services import render_create

    person, project, portrait, voiceover = setting
    queries_before = world.queries()
    started = time.time()
    with transaction.atomic():
        ids = [
            render_create(
                project=project, created_by=person, portrait=portrait, voiceover=voiceover
            ).pk
            for _ in range(count)
        ]
        # Before the commit that makes them visible to the workers.
        queued = time.time()
    print(f"  {count} renders queued in {queued - started:.1f} s", flush=True)
    mine = Render.objects.filter(pk__in=ids)
    next_report = queued + PROGRESS_EVERY
    while time.time() < queued + timeout:
        if not mine.exclude(status__in=FINISHED).exists():
            break
        if time.time() >= next_report:
            statuses = dict(mine.values_list("status").annotate(n=Count("pk")).order_by())
            print(f"  {time.time() - queued:4.0f} s: {statuses}", flush=True)
            next_report += PROGRESS_EVERY
        time.sleep(1.0)
    renders = [
        {
            "external_task_id": row["external_task_id"],
            "status": row["status"],
            "queued": queued,
            "finished": row["finished_at"].timestamp() if row["finished_at"] else None,
        }
        for row in mine.values("external_task_id", "status", "finished_at")
    ]
    unfinished = any(render["finished"] is None for render in renders)
    ended = time.time() if unfinished else max(r["finished"] for r in renders)
    after = world.queries()
    return {
        "renders": renders,
        "entries": log.snapshot(queued, ended),
        "tasks": [t for t in sandbox.tasks() if t["created_at"] / 1000 >= started],
        "started": queued,
        "ended": ended,
        "concurrency": sandbox.config()["concurrency_limit"],
        "queries": {
            f"{kind} processes": after[kind] - queries_before[kind] for kind in queries_before
        },
    }


# --- the naive poller, in a subprocess -----------------------------------------------------


def start_naive(args, workdir):
    command = [PYTHON, str(ROOT / "bench" / "scale_naive.py"), "--out", str(workdir / "naive.json")]
    for name in ("renders", "min_seconds", "max_seconds", "concurrency", "seed",
                 "voiceover_seconds", "timeout"):  # fmt: skip
        command += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    with (workdir / "naive.log").open("ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def naive_figures(process, args, workdir):
    """The poller's figures once it is done (None if it failed or timed out)."""
    try:
        process.wait(timeout=args.timeout + 120)
    except subprocess.TimeoutExpired:
        stop_all({"naive poller": process})
    out = workdir / "naive.json"
    if process.returncode != 0 or not out.exists():
        print(f"the naive poller failed: {(workdir / 'naive.log').read_text()[-2000:]}")
        return None
    return json.loads(out.read_text())


# --- the run -------------------------------------------------------------------------------


def describe(args, world):
    print(
        f"{args.renders} renders at once; sandbox tasks of {args.min_seconds:g}–"
        f"{args.max_seconds:g} s, at most {args.concurrency} unfinished, seed {args.seed}; "
        f"PostgreSQL {world.database}, Redis {world.redis_url}; gunicorn on port {world.port} "
        f"({'no callbacks: polling only' if args.no_callbacks else 'callbacks to SITE_URL'}); "
        f"{args.qclusters} qcluster × Q_WORKERS={args.q_workers}; naive poller "
        f"{'none' if args.no_naive else 'after ours' if args.naive_after else 'at the same time'}.",
        flush=True,
    )


def run(args, workdir, state):
    import django

    portrait_file, voiceover_file = make_media(workdir, args.voiceover_seconds)
    sandbox, log = start_counted_sandbox(data_dir=str(workdir / "sandbox"), **sandbox_options(args))
    state["sandbox"] = sandbox
    world = state["world"] = World(args, workdir, sandbox.base_url)
    describe(args, world)
    # This process makes the renders and reads them back: same settings.
    os.environ.update(world.env)
    world.prepare()
    django.setup()
    state["django"] = True
    setting = bench_project(portrait_file, voiceover_file)
    world.start()
    sampler = state["sampler"] = RssSampler(world)
    sampler.start()
    if not (args.naive_after or args.no_naive):
        state["naive"] = start_naive(args, workdir)
    print("Main run…", flush=True)
    main_phase = run_phase(args.renders, args.timeout, setting, sandbox, log, world)
    if args.naive_after and not args.no_naive:
        print("Naive poller…", flush=True)
        state["naive"] = start_naive(args, workdir)
    naive = None if args.no_naive else naive_figures(state["naive"], args, workdir)
    print_main(main_phase, sandbox.creates(), sandbox.callbacks(), naive)
    rows = []
    for size in args.sweep:
        print(f"Sweep: {size} render(s)…", flush=True)
        phase = run_phase(size, args.max_seconds * 2 + 300, setting, sandbox, log, world)
        rows.append(sweep_row(size, phase))
    if rows:
        print_sweep(rows)
    sampler.finish()
    sampler.print()


def main(argv=None):
    args = parse_args(argv)
    # Started in the background, a job has SIGINT ignored: stop on it and SIGTERM.
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    warnings.filterwarnings("ignore", message="The HMAC key is")
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    state = {}
    try:
        run(args, workdir, state)
    except KeyboardInterrupt:
        print("Interrupted: stopping everything.", flush=True)
        sys.exit(130)
    finally:
        if "sampler" in state:
            state["sampler"].finish()
        if state.get("naive") is not None and state["naive"].poll() is None:
            stop_all({"naive poller": state["naive"]})
        if state.get("django"):
            from django.db import connections

            connections.close_all()
        if "world" in state:
            state["world"].close()
        if "sandbox" in state:
            state["sandbox"].stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
