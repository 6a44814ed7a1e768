"""The figures bench/renders_follow.py prints: provider calls per archived render
and succeed → archived latency (nearest-rank p50, p95), one row per follower.

A follower's result is a dict: ``name``, ``renders``, ``archived_at`` (external
task id → when its video was here), ``calls`` (counted provider calls:
``.api`` and ``.counter`` by kind), ``wall``, ``not archived`` and ``errors``.
"""

import statistics


def percentile(values, share):
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def latencies(result, succeeded_at):
    return [
        when - succeeded_at[external_id]
        for external_id, when in result["archived_at"].items()
        if external_id in succeeded_at
    ]


def print_table(results, succeeded_at):
    columns = ["", "renders", "archived", "API calls", "per archived", "creates", "queries",
               "lists", "downloads", "p50", "p95", "wall"]  # fmt: skip
    rows = []
    for result in results:
        calls, archived = result["calls"], len(result["archived_at"])
        waits = latencies(result, succeeded_at)
        rows.append([
            result["name"],
            str(result["renders"]),
            str(archived),
            str(calls.api),
            f"{calls.api / archived:.2f}" if archived else "-",
            str(calls.counter["create"]),
            str(calls.counter["query"]),
            str(calls.counter["list"]),
            str(calls.counter["download"]),
            f"{percentile(waits, 0.5):.2f} s" if waits else "-",
            f"{percentile(waits, 0.95):.2f} s" if waits else "-",
            f"{result['wall']:.0f} s",
        ])  # fmt: skip
    widths = [max(len(line[i]) for line in [columns, *rows]) for i in range(len(columns))]
    for line in [columns, *rows]:
        cells = [line[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells))
    for result in results:
        waits = latencies(result, succeeded_at)
        if waits:
            print(
                f"{result['name']}: succeed → archived min {min(waits):.2f} s, "
                f"mean {statistics.fmean(waits):.2f} s, max {max(waits):.2f} s"
            )
        if result["not archived"]:
            print(f"{result['name']}: not archived: {result['not archived']}")
        if result["errors"]:
            print(f"{result['name']}: task errors: {result['errors']}")
    ours, naive = (r["calls"].api for r in results)
    if ours:
        print(f"API calls, naive / ours: {naive / ours:.1f}×")
