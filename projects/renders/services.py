"""Creating, canceling, retrying and re-making renders: the flows that views,
commands and the admin share. Submission itself happens in the worker."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from projects.audit.log import audit, render_target
from projects.consent.services import check_consent
from projects.models import (
    Asset,
    AssetKind,
    AuditKind,
    Project,
    Render,
    RenderBatch,
    User,
)
from projects.renders.queue import enqueue_submit
from projects.renders.titles import default_title

MAX_BATCH = 50
ARCHIVED = "This project is archived. Restore it to make new videos."


@dataclass(frozen=True)
class Pair:
    """One render's inputs in a batch that is not a plain portraits × voiceovers
    product (cells of the campaign grid, rows of an imported sheet): a portrait
    and an uploaded voiceover, or a script a Kling voice reads. The direction,
    mode and watermark are the batch's unless the pair sets its own."""

    portrait: Asset
    voiceover: Asset | None = None
    script: str = ""
    voice_id: str = ""
    voice_language: str = "en"
    prompt: str | None = None
    mode: str | None = None
    watermark: bool | None = None


def _enqueue_after_commit(render: Render):
    render_id = render.pk
    transaction.on_commit(lambda: enqueue_submit(render_id))


def _check_assets(project: Project, portrait: Asset, voiceover: Asset | None):
    if portrait.team_id != project.team_id or portrait.kind != AssetKind.PORTRAIT:
        raise ValidationError("Pick a portrait from this team's uploads.")
    if portrait.deleted_at:
        raise ValidationError(f"The portrait “{portrait.label}” was deleted.")
    if voiceover is not None:
        if voiceover.team_id != project.team_id or voiceover.kind != AssetKind.VOICEOVER:
            raise ValidationError("Pick a voiceover from this team's uploads.")
        if voiceover.deleted_at:
            raise ValidationError(f"The voiceover “{voiceover.label}” was deleted.")


def check_batch_size(count: int):
    """Several portraits and several voiceovers multiply fast: at most
    MAX_BATCH videos at once (the form says so before anything is asked)."""
    if count > MAX_BATCH:
        raise ValidationError(
            f"That would make {count} videos at once; the limit is {MAX_BATCH}. "
            "Pick fewer portraits or voiceovers."
        )


@transaction.atomic
def render_create(
    *,
    project: Project,
    created_by: User | None,
    portrait: Asset,
    voiceover: Asset | None = None,
    script: str = "",
    voice_id: str = "",
    voice_language: str = "en",
    prompt: str = "",
    mode: str = "std",
    watermark: bool = False,
    batch: RenderBatch | None = None,
    parent: Render | None = None,
    actor_name: str = "",
) -> Render:
    """Queue one render; the worker submits it once the transaction commits.
    `actor_name` names who asked when it is no member (an operator)."""
    if (voiceover is None) == (not script.strip()):
        raise ValidationError("Give either a voiceover or a script for a Kling voice, not both.")
    if project.is_archived:
        raise ValidationError(ARCHIVED)
    _check_assets(project, portrait, voiceover)
    # The one gate every way of making a video passes: no portrait is
    # animated without its person's consent, nor after it was withdrawn.
    check_consent([portrait])
    version = 1
    title = default_title(portrait.label, voiceover.label if voiceover else "", script)
    if parent is not None:
        root = parent.parent or parent
        parent = root
        version = (root.versions.aggregate(v=Max("version"))["v"] or 1) + 1
        title = root.title or title
    render = Render.objects.create(
        project=project,
        title=title,
        created_by=created_by,
        portrait=portrait,
        voiceover=voiceover,
        script=script.strip() if voiceover is None else "",
        voice_id=voice_id if voiceover is None else "",
        voice_language=voice_language if voiceover is None else "",
        prompt=prompt,
        mode=mode,
        watermark=watermark,
        batch=batch,
        parent=parent,
        version=version,
    )
    audit(
        project.team,
        AuditKind.RENDER_CREATED,
        user=created_by,
        actor_name=actor_name,
        project=project,
        target=render_target(render),
        target_code=render.code,
        summary=f"Version {version}: " * (parent is not None)
        + f"Portrait “{portrait.label}”, "
        + (f"voiceover “{voiceover.label}”" if voiceover else "a Kling voice reading a script"),
    )
    _enqueue_after_commit(render)
    return render


@transaction.atomic
def renders_create_batch(
    *,
    project: Project,
    created_by: User | None,
    portraits: Sequence[Asset] = (),
    voiceovers: Sequence[Asset] = (),
    pairs: list[Pair] | None = None,
    script: str = "",
    voice_id: str = "",
    voice_language: str = "en",
    prompt: str = "",
    mode: str = "std",
    watermark: bool = False,
    label: str = "",
    actor_name: str = "",
) -> list[Render]:
    """One render per portrait × voiceover pair (or per portrait with a
    script), or exactly one per given ``pairs``. Several of both would
    multiply fast, so at most MAX_BATCH. All or nothing: a refused render
    leaves none of the batch behind."""
    if pairs is None:
        if not portraits:
            raise ValidationError("Pick at least one portrait.")
        speech = {"script": script, "voice_id": voice_id, "voice_language": voice_language}
        pairs = [
            Pair(portrait, voiceover, **speech)
            for portrait in portraits
            for voiceover in (voiceovers or [None])
        ]
    if not pairs:
        raise ValidationError("There is no video to make.")
    check_batch_size(len(pairs))
    # Every portrait lacking consent named at once, before anything is made.
    check_consent([pair.portrait for pair in pairs])
    batch = None
    if len(pairs) > 1:
        batch = RenderBatch.objects.create(
            project=project,
            created_by=created_by,
            label=label or f"{len(pairs)} videos, {timezone.now():%b %d %H:%M}",
        )
    return [
        render_create(
            project=project,
            created_by=created_by,
            portrait=pair.portrait,
            voiceover=pair.voiceover,
            script=pair.script,
            voice_id=pair.voice_id,
            voice_language=pair.voice_language,
            prompt=prompt if pair.prompt is None else pair.prompt,
            mode=mode if pair.mode is None else pair.mode,
            watermark=watermark if pair.watermark is None else pair.watermark,
            batch=batch,
            actor_name=actor_name,
        )
        for pair in pairs
    ]


def _audit_render(render: Render, kind: str, by: User | None, summary: str = ""):
    project = render.project
    audit(
        project.team,
        kind,
        user=by,
        project=project,
        target=render_target(render),
        target_code=render.code,
        summary=summary,
    )


@transaction.atomic
def render_cancel(*, render: Render, by: User | None = None) -> bool:
    """Cancel a render that has not reached Kling yet. Once sent, Kling has
    no cancel call, so it runs to the end."""
    if not render.cancel(timezone.now()):
        return False
    _audit_render(render, AuditKind.RENDER_CANCELED, by, "Canceled before it reached Kling")
    return True


@transaction.atomic
def render_retry(*, render: Render, by: User | None = None) -> bool:
    """Queue a failed or canceled render again, if its portrait's consent stands."""
    check_consent([render.portrait])
    before = render.get_status_display()
    if not render.requeue_for_retry(timezone.now()):
        return False
    _audit_render(render, AuditKind.RENDER_RETRIED, by, f"{before} → queued again")
    _enqueue_after_commit(render)
    return True


def render_again(
    *,
    render: Render,
    created_by: User | None,
    prompt: str | None = None,
    mode: str | None = None,
    watermark: bool | None = None,
) -> Render:
    """A new version of a render with the same inputs and, usually, a new
    prompt or mode; listed with the original."""
    return render_create(
        project=render.project,
        created_by=created_by,
        portrait=render.portrait,
        voiceover=render.voiceover,
        script=render.script,
        voice_id=render.voice_id,
        voice_language=render.voice_language or "en",
        prompt=render.prompt if prompt is None else prompt,
        mode=mode or render.mode,
        watermark=render.watermark if watermark is None else watermark,
        parent=render,
    )


@transaction.atomic
def render_rename(*, render: Render, title: str, by: User | None = None) -> Render:
    """Give a video the title the team chose (checked by RenderTitleForm)."""
    before = render.title
    render.title = title
    render.save(update_fields=["title", "updated"])
    _audit_render(render, AuditKind.RENDER_RENAMED, by, f"Title: “{before}” → “{title}”")
    return render
