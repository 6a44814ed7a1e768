"""Turning an uploaded file into an asset: measure it, fix what can be fixed,
refuse the rest with one plain sentence, and never keep a half-made asset."""

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction

from projects.kling.limits import PORTRAIT_MAX_BYTES, VOICEOVER_MAX_BYTES
from projects.media import MediaRefused, detect_kind, prepare_portrait, prepare_voiceover
from projects.models import Asset, AssetKind, Project, Team, User
from projects.wording import limit_words


@dataclass
class UploadResult:
    asset: Asset
    reused: bool = False
    notes: list[str] = field(default_factory=list)


class UploadRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _copy_to_temp(uploaded, directory: Path) -> tuple[Path, str]:
    """Write the upload to disk (ffmpeg needs a path) and hash it on the way."""
    digest = hashlib.sha256()
    path = directory / "upload"
    size = 0
    with path.open("wb") as out:
        for chunk in uploaded.chunks():
            size += len(chunk)
            if size > settings.MAX_UPLOAD_BYTES:
                raise UploadRefused(
                    f"This file is over {limit_words(settings.MAX_UPLOAD_BYTES)}, too big to"
                    f" upload; Kling takes photos up to {limit_words(PORTRAIT_MAX_BYTES)}"
                    f" and voiceovers up to {limit_words(VOICEOVER_MAX_BYTES)}."
                )
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        raise UploadRefused("This file is empty.")
    return path, digest.hexdigest()


def asset_upload(
    *,
    team: Team,
    uploaded_by: User,
    uploaded,
    project: Project | None = None,
    kind: str | None = None,
) -> UploadResult:
    """Check an uploaded file against Kling's limits and keep it as an asset.

    The same file uploaded twice in a team gives back the first asset.
    Raises UploadRefused with a sentence for the person otherwise.
    """
    label = Path(uploaded.name or "upload").name[:200]
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        directory = Path(tmp)
        path, source_sha256 = _copy_to_temp(uploaded, directory)
        detected = detect_kind(path)
        if detected is None:
            raise UploadRefused(
                f"“{label}” is neither a photo nor a sound file we can read. "
                "Use a JPEG or PNG portrait, or an MP3, WAV, M4A or AAC voiceover."
            )
        if kind and detected != kind:
            wanted = "a portrait photo" if kind == AssetKind.PORTRAIT else "a voiceover"
            raise UploadRefused(f"“{label}” is not {wanted}.")
        existing = (
            Asset.objects.alive()
            .filter(team=team, kind=detected, source_sha256=source_sha256)
            .first()
        )
        if existing:
            return _reuse(existing, project)
        prepare = prepare_portrait if detected == AssetKind.PORTRAIT else prepare_voiceover
        try:
            prepared = prepare(path, directory)
        except MediaRefused as refusal:
            raise UploadRefused(refusal.message)
        asset = Asset(
            team=team,
            project=project,
            kind=detected,
            label=label,
            format=prepared.format,
            extension=prepared.extension.lstrip("."),
            content_type=prepared.content_type,
            bytes=prepared.bytes,
            width=getattr(prepared, "width", None),
            height=getattr(prepared, "height", None),
            duration=getattr(prepared, "duration_seconds", None),
            sample_rate=getattr(prepared, "sample_rate", None),
            channels=getattr(prepared, "channels", None),
            source_sha256=source_sha256,
            notes=list(prepared.notes),
            uploaded_by=uploaded_by,
        )
        with Path(prepared.path).open("rb") as fh:
            asset.file.save("upload", File(fh), save=False)
        try:
            with transaction.atomic():
                asset.save()
        except IntegrityError:
            # The same file was uploaded twice at the same moment: keep the
            # first one and drop our copy of the file.
            asset.file.delete(save=False)
            existing = Asset.objects.alive().get(
                team=team, kind=detected, source_sha256=source_sha256
            )
            return _reuse(existing, project)
        return UploadResult(asset=asset, notes=list(prepared.notes))


def _reuse(asset: Asset, project: Project | None) -> UploadResult:
    if project is not None and asset.project_id is None:
        asset.project = project
        asset.save(update_fields=["project"])
    return UploadResult(
        asset=asset,
        reused=True,
        notes=["You uploaded this file before, so we reused the earlier copy."],
    )
