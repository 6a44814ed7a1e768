"""The world bench/gallery.py measures: per size, a team of its own with 50
projects and that many renders spread over them, made with bulk inserts in
chunks (100,000 renders in well under a minute on SQLite). The first project
holds the newest 30 renders and one in 50 of the others (31 of 100, 2,029 of
100,000), so that its gallery's first page is full at every size.

Renders are a mix of done, failed and queued, of reviews, of uploaded
voiceovers and Kling voices (one in five reads a script), with titles as the
app names them, batches, and directions drawn from a list: the common word
("smiles") is in a quarter of them, the rare one ("lighthouse") in three at
every size (a new one, one from the middle and one of the oldest), so that
both sizes show the same cards.

Django is set up by the caller before this module is imported.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from projects.models import (
    Asset,
    AssetKind,
    Project,
    Render,
    RenderBatch,
    RenderStatus,
    ReviewState,
)
from projects.models.stack_state import fill_stacks
from projects.teams.services import user_sign_up

PROJECTS = 50
CHUNK = 2_000
COMMON_WORD, RARE_WORD = "smiles", "lighthouse"
DIRECTIONS = [
    "smiles and nods",
    "looks into the camera, calm",
    "waves, then speaks warmly",
    "serious tone, slow nod",
    "smiles broadly at the end",
    "leans in, friendly",
    "raises an eyebrow, playful",
    "steady gaze, confident",
]
SCRIPT = "Meet our spring collection, made for sunny days."
STATUSES = [RenderStatus.DONE] * 6 + [RenderStatus.FAILED, RenderStatus.QUEUED]
REVIEWS = [ReviewState.PENDING, ReviewState.APPROVED, ReviewState.CHANGES]


def make_team(size: int):
    """A person and their team with ``PROJECTS`` projects sharing ``size``
    renders; returns the person, the team and the projects."""
    user = user_sign_up(
        email=f"bench-{size}@example.org", password="bench-password-123", name="Bench"
    )
    team = user.memberships.get().team
    portraits = [_asset(team, AssetKind.PORTRAIT, f"face-{i}.png", i) for i in range(8)]
    voiceovers = [_asset(team, AssetKind.VOICEOVER, f"voice-{i}.mp3", i) for i in range(6)]
    projects = [
        Project.objects.create(team=team, name=f"Campaign {n + 1}", created_by=user)
        for n in range(PROJECTS)
    ]
    batches = {
        p.pk: RenderBatch.objects.bulk_create(
            RenderBatch(project=p, label=f"Batch {i}") for i in range(max(1, size // 2_500))
        )
        for p in projects
    }
    now = timezone.now()
    for start in range(0, size, CHUNK):
        Render.objects.bulk_create(
            _render(i, size, now, user, projects, batches, portraits, voiceovers)
            for i in range(start, min(size, start + CHUNK))
        )
    # bulk_create skips Render.save: each stack's state is filled as
    # migration 0019 fills it for renders made before it.
    roots = Render.objects.filter(team=team, parent__isnull=True).values_list("pk", flat=True)
    fill_stacks(Render, roots)
    return user, team, projects


def _render(i, size, now, user, projects, batches, portraits, voiceovers):
    code = uuid.uuid4()
    # The newest 30 renders, and one in 50 after them, are the first
    # project's: its gallery shows a full first page at every size.
    project = projects[0] if i < 30 else projects[i % len(projects)]
    status = STATUSES[i % len(STATUSES)]
    script = i % 5 == 0
    portrait, voiceover = portraits[i % len(portraits)], voiceovers[i % len(voiceovers)]
    rare = i in (17, size // 2, size - 3)
    prompt = DIRECTIONS[i % len(DIRECTIONS)] + (f", by the {RARE_WORD}" if rare else "")
    speech = "Meet our spring collection" if script else voiceover.label.removesuffix(".mp3")
    project_batches = batches[project.pk]
    return Render(
        project=project,
        team_id=project.team_id,
        code=code,
        external_task_id=f"avs-{code.hex}",
        title=f"{portrait.label.removesuffix('.png')} — {speech}",
        created=now - timedelta(seconds=i * 30),
        created_by=user,
        batch=project_batches[i % len(project_batches)] if i % 3 else None,
        portrait=portrait,
        voiceover=None if script else voiceover,
        script=SCRIPT if script else "",
        voice_id="uk_man2" if script else "",
        prompt=prompt,
        status=status,
        finished_at=now - timedelta(seconds=i * 30 - 90) if status != RenderStatus.QUEUED else None,
        duration=3.0 if status == RenderStatus.DONE else None,
        units=Decimal("1.2") if status == RenderStatus.DONE else None,
        poster=f"teams/x/renders/{code.hex}/poster.jpg" if status == RenderStatus.DONE else "",
        failure_reason="Kling refused the portrait." if status == RenderStatus.FAILED else "",
        review_state=REVIEWS[i % 3],
    )


def _asset(team, kind, label, n):
    portrait = kind == AssetKind.PORTRAIT
    return Asset.objects.create(
        team=team,
        kind=kind,
        file=f"teams/{team.code}/assets/{uuid.uuid4().hex}.bin",
        label=label,
        format="png" if portrait else "mp3",
        extension="png" if portrait else "mp3",
        content_type="image/png" if portrait else "audio/mpeg",
        bytes=100_000,
        width=512 if portrait else None,
        height=512 if portrait else None,
        duration=None if portrait else 3.0,
        source_sha256=f"{team.pk}-{kind}-{n}".ljust(64, "0"),
    )
