"""How the gallery's first page scales with the number of renders in a project.

    python bench/gallery.py [--repeat N] [--sizes 100,10000]

Builds a throwaway SQLite database in a temporary folder (never the
developer's db.sqlite3), migrates it, and fills one project with renders per
size (bulk inserts: a mix of done, failed and queued renders, batches,
reviews, uploaded voiceovers and Kling voices). For each size it requests the
project page through django.test.Client N times and prints the median and
best server time, the number of queries, and the ratio of the largest size
to the smallest. It prints figures and asserts nothing.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Before Django reads its settings: a database and media of our own.
WORK = Path(tempfile.mkdtemp(prefix="bench-gallery-"))
os.environ["SQLITE_PATH"] = str(WORK / "bench.sqlite3")
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avatarstudio.settings")
# WhiteNoise warns that collectstatic never ran; it does not matter here.
warnings.filterwarnings("ignore", message="No directory at")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="requests per size (default 15)")
    parser.add_argument("--sizes", default="100,10000", help="renders per project, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    assert Path(settings.DATABASES["default"]["NAME"]).parent == WORK  # never the real one
    print(f"Throwaway database: {settings.DATABASES['default']['NAME']}")
    call_command("migrate", verbosity=0)

    from projects.models import (
        Asset,
        AssetKind,
        Project,
        Render,
        RenderBatch,
        RenderStatus,
        ReviewState,
    )
    from projects.teams.services import user_sign_up

    user = user_sign_up(email="bench@example.org", password="bench-password-123", name="Bench")
    team = user.memberships.get().team

    def asset(kind, label, n):
        return Asset.objects.create(
            team=team,
            kind=kind,
            file=f"teams/{team.code}/assets/{uuid.uuid4().hex}.bin",
            label=label,
            format="png" if kind == AssetKind.PORTRAIT else "mp3",
            extension="png" if kind == AssetKind.PORTRAIT else "mp3",
            content_type="image/png" if kind == AssetKind.PORTRAIT else "audio/mpeg",
            bytes=100_000,
            width=512 if kind == AssetKind.PORTRAIT else None,
            height=512 if kind == AssetKind.PORTRAIT else None,
            duration=None if kind == AssetKind.PORTRAIT else 3.0,
            source_sha256=f"{kind}-{n}".ljust(64, "0"),
        )

    portraits = [asset(AssetKind.PORTRAIT, f"face-{i}.png", i) for i in range(8)]
    voiceovers = [asset(AssetKind.VOICEOVER, f"voice-{i}.mp3", i) for i in range(6)]

    def fill(project, count):
        from django.utils import timezone

        now = timezone.now()
        batches = RenderBatch.objects.bulk_create(
            RenderBatch(project=project, label=f"Batch {i}") for i in range(max(1, count // 50))
        )
        statuses = [RenderStatus.DONE] * 6 + [RenderStatus.FAILED, RenderStatus.QUEUED]
        renders = []
        for i in range(count):
            code = uuid.uuid4()
            status = statuses[i % len(statuses)]
            script = i % 5 == 0
            renders.append(
                Render(
                    project=project,
                    code=code,
                    external_task_id=f"avs-{code.hex}",
                    created=now - timedelta(seconds=i * 30),
                    created_by=user,
                    batch=batches[i % len(batches)] if i % 3 else None,
                    portrait=portraits[i % len(portraits)],
                    voiceover=None if script else voiceovers[i % len(voiceovers)],
                    script="Meet our spring collection, made for sunny days." if script else "",
                    voice_id="uk_man2" if script else "",
                    prompt=f"smiles and nods, take {i}",
                    status=status,
                    finished_at=now - timedelta(seconds=i * 30 - 90)
                    if status != RenderStatus.QUEUED
                    else None,
                    duration=3.0 if status == RenderStatus.DONE else None,
                    units=Decimal("1.2") if status == RenderStatus.DONE else None,
                    poster=f"teams/x/renders/{code.hex}/poster.jpg"
                    if status == RenderStatus.DONE
                    else "",
                    failure_reason="Kling refused the portrait." if status == "failed" else "",
                    review_state=[ReviewState.PENDING, ReviewState.APPROVED, ReviewState.CHANGES][
                        i % 3
                    ],
                )
            )
        Render.objects.bulk_create(renders, batch_size=1000)

    client = Client()
    client.force_login(user)
    # Production serves hashed static files; a bench run has not collected them.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    urls, fills = {}, {}
    for size in sizes:
        project = Project.objects.create(team=team, name=f"{size} renders", created_by=user)
        started = time.perf_counter()
        fill(project, size)
        fills[size] = time.perf_counter() - started
        urls[size] = f"/projects/{project.code}/"

    filters = {"status": "done", "review": "approved", "q": "nods"}
    timings = {size: [] for size in sizes}
    filtered = {size: [] for size in sizes}
    queries_per_size = {}
    with override_settings(STORAGES=storages, DEBUG=False):
        for size in sizes:
            client.get(urls[size])  # warm up: templates, URL resolver, caches
        # Sizes take turns, so that a busy moment of the machine hits them alike.
        for _ in range(args.repeat):
            for size in sizes:
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(urls[size])
                    timings[size].append(time.perf_counter() - started)
                # Counted now: the captured list is read lazily from a log the
                # next request outside the context clears.
                queries_per_size[size] = len(queries)
                if response.status_code != 200:
                    print(f"  {size}: HTTP {response.status_code}, stopping")
                    return
                started = time.perf_counter()
                client.get(urls[size], filters)
                filtered[size].append(time.perf_counter() - started)
    results = {
        size: {
            "median": statistics.median(timings[size]),
            "best": min(timings[size]),
            "filtered": statistics.median(filtered[size]),
            "queries": queries_per_size[size],
            "fill": fills[size],
        }
        for size in sizes
    }

    print(f"\nGallery first page (24 cards), {args.repeat} requests per size, server time:")
    print("(filtered: status done, approved, search “nods”)")
    print(f"{'renders':>8} {'median ms':>10} {'best ms':>8} {'filtered ms':>12} {'queries':>8}")
    for size, r in results.items():
        print(
            f"{size:>8} {r['median'] * 1000:>10.1f} {r['best'] * 1000:>8.1f} "
            f"{r['filtered'] * 1000:>12.1f} {r['queries']:>8}"
        )
    small, large = min(results), max(results)
    if small != large:
        ratio = results[large]["median"] / results[small]["median"]
        print(f"\nRatio of medians, {large:,} / {small:,} renders: {ratio:.2f}")
        print(
            f"Queries: {results[small]['queries']} for {small:,}, "
            f"{results[large]['queries']} for {large:,}"
        )
    fills = ", ".join(f"{r['fill']:.1f} s" for r in results.values())
    print(f"(Filling the projects took {fills}.)")


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(WORK, ignore_errors=True)
