"""How the gallery and the team-wide search scale with a team's renders.

    python bench/gallery.py [--repeat N] [--sizes 100,100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_gallery python bench/gallery.py

For each size it builds a team with 50 projects sharing that many renders
(bench/gallery_world.py: bulk inserts in chunks), in a throwaway SQLite
database in a temporary folder (never the developer's db.sqlite3), or, when
DATABASE_URL is set, in that PostgreSQL database: create an empty one for the
run and drop it afterwards (the script stops if it already holds renders).
It then requests, through django.test.Client, N times each with the sizes
taking turns:

- a project's page, its gallery's first page (the first project: 31 renders
  of 100, 2,029 of 100,000), plain and filtered (status done, approved,
  search "nods");
- the team search's first page: all videos, a common word ("smiles", in a
  quarter of the renders) and a rare one ("lighthouse", in 3 renders at
  every size);

and prints the median and best server time, the number of queries, and the
ratio of the largest size's median to the smallest's. It asserts nothing.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Before Django reads its settings: a database and media of our own.
WORK = Path(tempfile.mkdtemp(prefix="bench-gallery-"))
os.environ["SQLITE_PATH"] = str(WORK / "bench.sqlite3")
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avatarstudio.settings")
# WhiteNoise warns that collectstatic never ran; it does not matter here.
warnings.filterwarnings("ignore", message="No directory at")


# The project gallery's filters in one request: status, review and a search.
FILTERED = {"status": "done", "review": "approved", "q": "nods"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="requests per page (default 15)")
    parser.add_argument("--sizes", default="100,100000", help="renders per team, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        assert Path(database["NAME"]).parent == WORK  # never the real one
    print(f"Throwaway database: {connection.vendor} {database['NAME']}")
    call_command("migrate", verbosity=0)

    from bench.gallery_world import COMMON_WORD, RARE_WORD, make_team
    from projects.models import Render

    if Render.objects.exists():
        print("This database already holds renders: give the bench an empty one.")
        return

    pages, fills, clients = {}, {}, {}
    for size in sizes:
        started = time.perf_counter()
        user, team, projects = make_team(size)
        fills[size] = time.perf_counter() - started
        clients[size] = Client()
        clients[size].force_login(user)
        project, search = f"/projects/{projects[0].code}/", f"/teams/{team.code}/search/"
        pages[size] = {
            "Project gallery, first page": (project, {}),
            "Project gallery, filtered": (project, FILTERED),
            "Team search, all videos": (search, {}),
            f"Team search, common word “{COMMON_WORD}”": (search, {"q": COMMON_WORD}),
            f"Team search, rare word “{RARE_WORD}”": (search, {"q": RARE_WORD}),
        }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does soon after a big load: statistics for the
            # planner, and the trigram indexes' pending entries merged.
            cursor.execute("VACUUM ANALYZE")

    # Production serves hashed static files; a bench run has not collected them.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    names = list(pages[sizes[0]])
    timings = {(size, name): [] for size in sizes for name in names}
    queries = {}
    with override_settings(STORAGES=storages, DEBUG=False):
        for size in sizes:
            for url, query in pages[size].values():
                clients[size].get(url, query)  # warm up: templates, URL resolver, caches
        # Sizes take turns, so that a busy moment of the machine hits them alike.
        for _ in range(args.repeat):
            for name in names:
                for size in sizes:
                    url, query = pages[size][name]
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = clients[size].get(url, query)
                        timings[size, name].append(time.perf_counter() - started)
                    # Counted now: the captured list is read lazily from a log
                    # the next request outside the context clears.
                    queries[size, name] = len(captured)
                    if response.status_code != 200:
                        print(f"  {name}, {size}: HTTP {response.status_code}, stopping")
                        return
    report(args.repeat, sizes, names, timings, queries, fills)


def report(repeat, sizes, names, timings, queries, fills):
    small, large = min(sizes), max(sizes)
    print(f"\n{repeat} requests per page and size, server time in ms; 50 projects per team.")
    print(f"{'page':<42} {'renders':>8} {'median':>8} {'best':>8} {'queries':>8} {'ratio':>6}")
    for name in names:
        for size in sizes:
            times = timings[size, name]
            ratio = ""
            if size == large and small != large:
                ratio = f"{statistics.median(times) / statistics.median(timings[small, name]):.2f}"
            print(
                f"{name:<42} {size:>8} {statistics.median(times) * 1000:>8.1f} "
                f"{min(times) * 1000:>8.1f} {queries[size, name]:>8} {ratio:>6}"
            )
    built = ", ".join(f"{size:,} renders in {fills[size]:.1f} s" for size in sizes)
    print(f"(Building the teams: {built}.)")
    if small != large:
        print(f"Ratio: median at {large:,} renders / median at {small:,}.")


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(WORK, ignore_errors=True)
