"""The figures bench/scale.py prints, from what it collected: computing only.

A phase (the main run, or one batch of the sweep) is a dict:

* ``renders``: our renders, dicts with ``external_task_id``, ``status``,
  ``queued`` and ``finished`` (epoch seconds; ``finished`` None if unfinished);
* ``entries``: the sandbox's request log over the phase, (time, kind, status);
* ``tasks``: the sandbox's tasks (Kling task objects) made in the phase;
* ``started``, ``ended``: the first render queued, the last one finished
  (or the timeout);
* ``concurrency``: the sandbox's limit of unfinished tasks.
"""

import math
from collections import Counter, deque

from follow_figures import percentile
from scale_sandbox import API_KINDS

FINISHED_STATUSES = ("succeed", "failed")
FOLLOWING = ("query", "list")
CREATE_REFUSED = 429


def seconds(ms):
    return ms / 1000


def api_calls(entries):
    counted = Counter(kind for _, kind, _ in entries)
    counted["total"] = sum(counted[kind] for kind in API_KINDS)
    counted["refused creates"] = sum(
        1 for _, kind, status in entries if kind == "create" and status == CREATE_REFUSED
    )
    return counted


def per_second(times, started, ended):
    """(mean, peak) requests per second over [started, ended]: the peak is
    the most in any one second counted from ``started``."""
    duration = max(ended - started, 1e-9)
    buckets = Counter(math.floor(t - started) for t in times if started <= t <= ended)
    return len(times) / duration, max(buckets.values(), default=0)


def rates(phase):
    started, ended = phase["started"], phase["ended"]
    following = [t for t, kind, _ in phase["entries"] if kind in FOLLOWING]
    creates = [t for t, kind, _ in phase["entries"] if kind == "create"]
    every = [t for t, kind, _ in phase["entries"] if kind in API_KINDS]
    return {
        "following": per_second(following, started, ended),
        "creates": per_second(creates, started, ended),
        "all": per_second(every, started, ended),
    }


def succeeded_at(tasks):
    """external task id → when its task succeeded at the sandbox (epoch s)."""
    return {
        task["task_info"]["external_task_id"]: seconds(task["updated_at"])
        for task in tasks
        if task["task_status"] == "succeed"
    }


def archive_latencies(phase):
    """succeed → archived, seconds, of each render done in the phase."""
    succeeded = succeeded_at(phase["tasks"])
    return [
        render["finished"] - succeeded[render["external_task_id"]]
        for render in phase["renders"]
        if render["status"] == "done" and render["external_task_id"] in succeeded
    ]


def slot_waits(phase):
    """How long each free slot stayed empty while renders of ours waited.

    Walks the phase's events in time order: renders queued, task creates
    (a slot taken) and task finishes (a slot freed). Whenever fewer than
    ``concurrency`` tasks run and renders wait without a task, each such
    empty slot is opened at that moment; a create fills the oldest one, and
    the wait is the time between. Slots still empty at the end count until
    ``ended``. Returns {"freed": waits, "start": waits} in seconds: slots a
    task's end freed, and the empty slots the renders found when queued (the
    first fill, one create per slot).
    """
    events = [(render["queued"], 0, "queued") for render in phase["renders"]]
    for task in phase["tasks"]:
        events.append((seconds(task["created_at"]), 1, "created"))
        if task["task_status"] in FINISHED_STATUSES:
            events.append((seconds(task["updated_at"]), 2, "finished"))
    running = waiting = 0
    open_since, waits = deque(), {"freed": [], "start": []}
    for when, _, what in sorted(events):
        if what == "queued":
            waiting += 1
        elif what == "created":
            running, waiting = running + 1, max(0, waiting - 1)
        else:
            running -= 1
        wanted = max(0, min(phase["concurrency"] - running, waiting))
        while len(open_since) > wanted:
            since, cause = open_since.popleft()
            waits[cause].append(when - since)
        while len(open_since) < wanted:
            open_since.append((when, "freed" if what == "finished" else "start"))
    for since, cause in open_since:
        waits[cause].append(phase["ended"] - since)
    return waits


def integrity(phase, creates):
    """Submitted twice and left behind, counted."""
    ours = {render["external_task_id"] for render in phase["renders"]}
    created = Counter(c["external_task_id"] for c in creates if c["outcome"] == "created")
    refused_existing = sum(
        1 for c in creates if c["outcome"] == "rejected" and "already exists" in c["message"]
    )
    roots = Counter(
        task["task_info"]["external_task_id"].rsplit("-r", 1)[0] for task in phase["tasks"]
    )
    return {
        "external ids created more than once": sum(1 for n in created.values() if n > 1),
        "creates refused as already existing": refused_existing,
        "renders with more than one task": sum(1 for n in roots.values() if n > 1),
        "renders not finished": sum(1 for r in phase["renders"] if r["finished"] is None),
        "renders finished but not done": sum(
            1 for r in phase["renders"] if r["finished"] is not None and r["status"] != "done"
        ),
        "sandbox tasks without a render": sum(
            1 for task in phase["tasks"] if task["task_info"]["external_task_id"] not in ours
        ),
        "sandbox tasks still running": sum(
            1 for task in phase["tasks"] if task["task_status"] not in FINISHED_STATUSES
        ),
    }


def seconds_text(value):
    return "-" if value is None else f"{value:.2f} s"


def print_main(phase, creates, callbacks, naive):
    """The main run's figures, with the naive poller's beside them."""
    calls = api_calls(phase["entries"])
    done = sum(1 for render in phase["renders"] if render["status"] == "done")
    waits, slots = archive_latencies(phase), slot_waits(phase)
    measured = rates(phase)
    following, creating, every = measured["following"], measured["creates"], measured["all"]
    print(f"\n== {len(phase['renders'])} renders at once: {done} archived "
          f"in {phase['ended'] - phase['started']:.0f} s ==")  # fmt: skip
    per = f"{calls['total'] / done:.2f}" if done else "-"
    print(f"Kling API calls per archived render: {per} (target ≤ 1.10): "
          f"{calls['create']} creates ({calls['refused creates']} refused as busy), "
          f"{calls['query']} queries, {calls['list']} lists, {calls['tts']} tts; "
          f"{calls['total']} in all; {calls['download']} result downloads apart")  # fmt: skip
    print(f"succeed → archived: p50 {seconds_text(percentile(waits, 0.5))}, "
          f"p95 {seconds_text(percentile(waits, 0.95))} (target p95 ≤ 5 s), "
          f"max {seconds_text(max(waits, default=None))}")  # fmt: skip
    freed, start = slots["freed"], slots["start"]
    print(f"a slot freed by a task's end left empty while renders waited: longest "
          f"{seconds_text(max(freed, default=None))}, p95 {seconds_text(percentile(freed, 0.95))} "
          f"({len(freed)} slots); the first fill of {len(start)} empty slots took "
          f"{seconds_text(max(start, default=None))}")  # fmt: skip
    print(f"Kling requests per second while following ({phase['ended'] - phase['started']:.0f} s): "
          f"following (query + list) mean {following[0]:.2f}/s, peak {following[1]}/s; "
          f"creates mean {creating[0]:.2f}/s, peak {creating[1]}/s; "
          f"all API calls mean {every[0]:.2f}/s, peak {every[1]}/s "
          f"(targets: mean ≤ 1/s, peak ≤ 3/s)")  # fmt: skip
    for name, count in phase["queries"].items():
        per = f", {count / len(phase['renders']):.1f} per render" if phase["renders"] else ""
        print(f"database queries in the {name}: {count}{per}")
    sent = [c for c in callbacks if phase["started"] <= seconds(c["time"]) <= phase["ended"] + 60]
    outcomes = Counter(c["outcome"] for c in sent)
    print(f"Kling callbacks sent by the sandbox: {len(sent)}, answered {dict(outcomes)}")
    print("nothing twice, nothing left behind: "
          + ", ".join(f"{name} {n}" for name, n in integrity(phase, creates).items()))  # fmt: skip
    if naive:
        print_naive(naive, calls["total"], done)


def print_naive(naive, our_total, our_done):
    per = naive["api"] / naive["archived"] if naive["archived"] else None
    print(f"naive 3-second poller ({naive['renders']} tasks, {naive['archived']} downloaded "
          f"in {naive['wall']:.0f} s): {naive['api']} API calls, "
          f"{'-' if per is None else f'{per:.2f}'} per render "
          f"({naive['calls']}); following mean {naive['following'][0]:.2f}/s, "
          f"peak {naive['following'][1]}/s; creates mean {naive['creates'][0]:.2f}/s, "
          f"peak {naive['creates'][1]}/s; succeed → downloaded p95 "
          f"{seconds_text(naive['p95'])}")  # fmt: skip
    if per and our_done and our_total:
        print(f"API calls per render, naive / ours: {per / (our_total / our_done):.1f}×")


def sweep_row(size, phase):
    calls = api_calls(phase["entries"])
    done = sum(1 for render in phase["renders"] if render["status"] == "done")
    measured = rates(phase)
    p95 = percentile(archive_latencies(phase), 0.95)
    return [
        str(size),
        str(done),
        f"{calls['total'] / done:.2f}" if done else "-",
        f"{measured['following'][0]:.2f}",
        str(measured["following"][1]),
        f"{measured['creates'][0]:.2f}",
        str(measured["creates"][1]),
        seconds_text(p95),
        f"{sum(phase['queries'].values()) / len(phase['renders']):.0f}",
        f"{phase['ended'] - phase['started']:.0f} s",
    ]


def print_rows(header, rows):
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    for line in [header, *rows]:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))


def print_sweep(rows):
    print("\n== sweep: batches one after another, the learned estimate known ==")
    print_rows(
        ["in flight", "archived", "calls/render", "follow mean/s", "follow peak/s",
         "creates mean/s", "creates peak/s", "p95 succeed→archived", "queries/render", "wall"],
        rows,
    )  # fmt: skip
