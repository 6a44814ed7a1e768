"""Turning an uploaded file into an asset: measure it, fix what can be fixed,
refuse the rest with one plain sentence, and never keep a half-made asset."""

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction

from projects.audit.log import asset_target, audit
from projects.kling.limits import PORTRAIT_MAX_BYTES, VOICEOVER_MAX_BYTES
from projects.media import (
    CropBox,
    MediaRefused,
    crop_portrait,
    detect_kind,
    prepare_portrait,
    prepare_voiceover,
)
from projects.models import Asset, AssetKind, AuditKind, Project, Team, User
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


# The crop step's frame, as the browser sends it: x, y, width and height in
# pixels of the photo as displayed. Whole numbers in ASCII digits only (int()
# would also take "١٢", " 12" or "1_000"), and at most 18 of them, so that no
# field is long enough to make int() work hard: crop_portrait() then refuses
# a frame outside the photo, however far.
CROP_FIELDS = ("crop_x", "crop_y", "crop_width", "crop_height")
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")


def crop_from_post(data) -> CropBox | None:
    """The crop frame in a POST (a QueryDict or a dict), or None when it has none.

    Raises UploadRefused when it has some of the fields but not four whole
    numbers; media.crop_portrait() checks the frame against the photo.
    """
    values = [data.get(name) for name in CROP_FIELDS]
    if all(value in (None, "") for value in values):
        return None
    if not all(isinstance(v, str) and _WHOLE_NUMBER.fullmatch(v) for v in values):
        raise UploadRefused(
            "The crop frame we received is not four whole numbers of pixels (x, y, width and"
            " height), so we kept nothing. Try cropping it again."
        )
    return CropBox(*(int(value) for value in values))


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
    crop: CropBox | None = None,
    actor_name: str = "",
) -> UploadResult:
    """Check an uploaded file against Kling's limits and keep it as an asset.

    With `crop`, a portrait is first cropped to that frame (the browser's
    crop step); the frame is untrusted and checked against the photo.
    The same file uploaded twice in a team (and cropped the same way) gives
    back the first asset. Raises UploadRefused with a sentence for the
    person otherwise.
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
        if crop is not None:
            if detected != AssetKind.PORTRAIT:
                raise UploadRefused(f"“{label}” is not a photo, so it cannot be cropped.")
            # The same photo cropped another way is another asset.
            frame = f"{source_sha256} cropped {crop.x},{crop.y},{crop.width},{crop.height}"
            source_sha256 = hashlib.sha256(frame.encode()).hexdigest()
        existing = (
            Asset.objects.alive()
            .filter(team=team, kind=detected, source_sha256=source_sha256)
            .first()
        )
        if existing:
            return _reuse(existing, project)
        try:
            if crop is not None:
                prepared = crop_portrait(path, crop, directory)
            elif detected == AssetKind.PORTRAIT:
                prepared = prepare_portrait(path, directory)
            else:
                prepared = prepare_voiceover(path, directory)
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
                audit(
                    team,
                    AuditKind.ASSET_UPLOADED,
                    user=uploaded_by,
                    actor_name=actor_name,
                    project=project,
                    target=asset_target(asset),
                    target_code=asset.code,
                    summary="Cropped in the browser" if crop is not None else "",
                )
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
