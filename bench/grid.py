"""How the campaign grid page scales with the size of the grid.

    python bench/grid.py [--repeat N] [--portraits 20] [--voiceovers 50]

Builds a throwaway SQLite database in a temporary folder (never the
developer's db.sqlite3), migrates it, and fills two projects of one team: a
2 × 2 grid, and a portraits × voiceovers one (20 × 50 by default: 1,000
cells). Their cells hold renders in every state (queued, sending, rendering,
saving, done, approved, changes requested, failed, canceled; some with
several tries), and about one in six is missing. Each project's grid page
is requested through django.test.Client N times, sizes taking turns; it
prints the median and best server time, the number of queries, and the
ratio of the large grid to the small one. It prints figures and asserts
nothing.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Before Django reads its settings: a database and media of our own.
WORK = Path(tempfile.mkdtemp(prefix="bench-grid-"))
os.environ["SQLITE_PATH"] = str(WORK / "bench.sqlite3")
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avatarstudio.settings")
os.environ.setdefault("KLING_PRACTICE_MODE", "1")
# WhiteNoise warns that collectstatic never ran; it does not matter here.
warnings.filterwarnings("ignore", message="No directory at")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="requests per grid (default 15)")
    parser.add_argument("--portraits", type=int, default=20, help="rows of the large grid")
    parser.add_argument("--voiceovers", type=int, default=50, help="columns of the large grid")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    assert Path(settings.DATABASES["default"]["NAME"]).parent == WORK  # never the real one
    print(f"Throwaway database: {settings.DATABASES['default']['NAME']}")
    call_command("migrate", verbosity=0)

    from projects.models import Asset, AssetKind, Project, Render, RenderStatus, ReviewState
    from projects.teams.services import user_sign_up

    user = user_sign_up(email="bench@example.org", password="bench-password-123", name="Bench")
    team = user.memberships.get().team
    serial = iter(range(1_000_000))

    def asset(kind, label, project):
        portrait = kind == AssetKind.PORTRAIT
        return Asset(
            team=team,
            project=project,
            kind=kind,
            file=f"teams/{team.code}/assets/{uuid.uuid4().hex}.bin",
            label=label,
            format="png" if portrait else "mp3",
            extension="png" if portrait else "mp3",
            content_type="image/png" if portrait else "audio/mpeg",
            bytes=100_000,
            width=512 if portrait else None,
            height=512 if portrait else None,
            duration=None if portrait else 3.0 + next(serial) % 20,
            source_sha256=uuid.uuid4().hex * 2,
        )

    # (status, review) of a cell's renders, oldest first; None: the cell is missing.
    histories = [
        None,
        [(RenderStatus.DONE, ReviewState.APPROVED)],
        [(RenderStatus.DONE, ReviewState.PENDING)],
        [(RenderStatus.FAILED, ReviewState.PENDING), (RenderStatus.PROCESSING, "pending")],
        [(RenderStatus.DONE, ReviewState.CHANGES)],
        [(RenderStatus.QUEUED, ReviewState.PENDING)],
        [(RenderStatus.SUBMITTING, ReviewState.PENDING)],
        [(RenderStatus.ARCHIVING, ReviewState.PENDING)],
        [(RenderStatus.FAILED, ReviewState.PENDING)],
        [(RenderStatus.CANCELED, ReviewState.PENDING)],
        [(RenderStatus.DONE, ReviewState.CHANGES), (RenderStatus.DONE, ReviewState.APPROVED)],
        None,
    ]

    def fill(name, rows, columns):
        project = Project.objects.create(team=team, name=name, created_by=user)
        faces = Asset.objects.bulk_create(
            asset(AssetKind.PORTRAIT, f"{name}-face-{i}.png", project) for i in range(rows)
        )
        voices = Asset.objects.bulk_create(
            asset(AssetKind.VOICEOVER, f"{name}-voice-{i}.mp3", project) for i in range(columns)
        )
        now = timezone.now()
        renders = []
        for i, face in enumerate(faces):
            for j, voice in enumerate(voices):
                for k, (status, review) in enumerate(histories[(i * 7 + j) % len(histories)] or []):
                    code = uuid.uuid4()
                    renders.append(
                        Render(
                            project=project,
                            code=code,
                            external_task_id=f"avs-{code.hex}",
                            created=now - timedelta(minutes=10 - k, seconds=i * columns + j),
                            created_by=user,
                            portrait=face,
                            voiceover=voice,
                            status=status,
                            review_state=review,
                        )
                    )
        Render.objects.bulk_create(renders, batch_size=1000)
        return project, len(renders)

    started = time.perf_counter()
    small, small_renders = fill("small", 2, 2)
    large, large_renders = fill("large", args.portraits, args.voiceovers)
    filled = time.perf_counter() - started
    sizes = {
        "2 × 2": (small, 4, small_renders),
        f"{args.portraits} × {args.voiceovers}": (
            large,
            args.portraits * args.voiceovers,
            large_renders,
        ),
    }

    client = Client()
    client.force_login(user)
    # Production serves hashed static files; a bench run has not collected them.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    timings = {label: [] for label in sizes}
    queries = {}
    with override_settings(STORAGES=storages, DEBUG=False):
        for project, *_ in sizes.values():
            client.get(f"/projects/{project.code}/grid/")  # warm up
        for _ in range(args.repeat):
            for label, (project, cells, _) in sizes.items():
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(f"/projects/{project.code}/grid/")
                    timings[label].append(time.perf_counter() - started)
                queries[label] = len(captured)
                shown = response.content.count(b'<td class="cell ')
                if response.status_code != 200 or shown != cells:
                    print(f"  {label}: HTTP {response.status_code}, {shown} cells, stopping")
                    return

    print(f"\nCampaign grid page, {args.repeat} requests per grid, server time:")
    print(
        f"{'grid':>8} {'cells':>6} {'renders':>8} {'median ms':>10} {'best ms':>8} {'queries':>8}"
    )
    for label, (_, cells, renders) in sizes.items():
        median, best = statistics.median(timings[label]), min(timings[label])
        print(
            f"{label:>8} {cells:>6} {renders:>8} {median * 1000:>10.1f} "
            f"{best * 1000:>8.1f} {queries[label]:>8}"
        )
    small_label, large_label = list(sizes)
    ratio = statistics.median(timings[large_label]) / statistics.median(timings[small_label])
    print(f"\nRatio of medians, {large_label} / {small_label}: {ratio:.1f}")
    counts = ", ".join(f"{queries[label]} for {label}" for label in sizes)
    print(f"Queries: {counts}")
    print(f"(Filling the projects took {filled:.1f} s.)")


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(WORK, ignore_errors=True)
