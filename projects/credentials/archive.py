"""The worker's side of content credentials. At archiving, both files are
signed before they are saved (``sign_files``); a failure never fails or
loses the video: it is saved unsigned, flagged "not signed yet", and the
minute sweep (``sign_due``, the ``sign-credentials`` schedule) signs the
stored files later, with growing waits (``C2PA_RETRY_DELAYS``)."""

import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils import timezone

from projects.models import CredentialsState, Render
from projects.models.credentials import claim_for_credentials, due_for_credentials

from .identity import CredentialsError, SigningIdentity, load_identity
from .signing import read_credentials, sign_video

log = logging.getLogger(__name__)

# A worker holding a signing claim longer than this died; another may take it.
SIGN_LEASE = timedelta(minutes=10)
# Videos one sweep signs at most, and the seconds after which it starts no
# other (the worker's task timeout is 120 s); the rest wait for the next minute.
SWEEP_BATCH = 20
SWEEP_SECONDS = 60
# (the Render field, the copy's name in the manifest)
FILES = (("video", "clean"), ("watermarked_video", "watermarked"))
UNEXPECTED = "Signing failed for a reason we did not expect; we will try again."


@dataclass
class Signing:
    """What signing a render's files at archiving gave: the files to keep."""

    video: Path
    watermarked: Path | None
    state: str
    error: str = ""


def _signed_checked(path, render, copy, identity: SigningIdentity) -> tuple[Path, bool]:
    """Sign, then read the signed copy back: (its path, self-signed?)."""
    signed = sign_video(path, render, copy=copy, identity=identity)
    found = read_credentials(signed, anchors=identity.anchors)
    if not found.valid:
        raise CredentialsError(f"The signed {copy} copy did not check out: {found.reason}.")
    return signed, found.self_signed


def _state(self_signed: bool) -> str:
    return CredentialsState.SELF_SIGNED if self_signed else CredentialsState.SIGNED


def sign_files(render, video: Path, watermarked: Path | None) -> Signing:
    """Signed copies of a render's downloaded files, read back and checked;
    on any failure the originals, unsigned, with the reason. Never raises."""
    try:
        identity = load_identity()
        signed_video, self_signed = _signed_checked(video, render, "clean", identity)
        signed_watermarked = None
        if watermarked:
            signed_watermarked, _ = _signed_checked(watermarked, render, "watermarked", identity)
    except CredentialsError as error:
        return Signing(video, watermarked, CredentialsState.PENDING, str(error))
    except Exception as error:  # signing must never cost a video; the reason is logged
        log.warning("Signing %s failed unexpectedly (%s)", render.code, type(error).__name__)
        return Signing(video, watermarked, CredentialsState.PENDING, UNEXPECTED)
    return Signing(signed_video, signed_watermarked, _state(self_signed))


def retry_at(attempts: int, now):
    delays = settings.C2PA_RETRY_DELAYS or [3600]
    return now + timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def record(render, state: str, error: str = "", now=None) -> bool:
    """Store a signing's outcome; a failure waits its turn to be tried again."""
    now = now or timezone.now()
    attempts = render.credentials_attempts + 1
    if state != CredentialsState.PENDING:
        return render.record_credentials(state, now=now, error=error, attempts=attempts)
    log.warning("Content credentials of %s not signed (try %s): %s", render.code, attempts, error)
    return render.record_credentials(
        state, now=now, error=error, retry_at=retry_at(attempts, now), attempts=attempts
    )


def _download(field, path: Path) -> Path:
    try:
        with field.open("rb") as source, path.open("wb") as out:
            shutil.copyfileobj(source, out)
    except OSError:
        raise CredentialsError("The saved video could not be read from storage.") from None
    return path


def _replace(render, name: str, signed: Path):
    """Save the signed copy beside the stored file, point the render at it,
    then remove the unsigned one (storage may be S3: never edited in place)."""
    field = getattr(render, name)
    old = field.name
    with signed.open("rb") as fh:
        field.save(Path(old).name, File(fh), save=False)
    if Render.objects.filter(pk=render.pk, **{name: old}).update(**{name: field.name}):
        field.storage.delete(old)
    else:
        field.storage.delete(field.name)


def _sign_stored(render, directory: Path) -> tuple[str, str]:
    identity = load_identity()  # before any download: a bad key fails fast
    signed, self_signed = {}, []
    for name, copy in FILES:
        field = getattr(render, name)
        if not field:
            continue
        local = _download(field, directory / f"{copy}.mp4")
        found = read_credentials(local, anchors=identity.anchors)
        if found.found and not found.valid:
            # Changed after signing (or never ours): a person should look.
            return CredentialsState.INVALID, f"The saved {copy} copy: {found.reason}."
        if found.found:  # signed by an earlier try that stopped before recording it
            self_signed.append(found.self_signed)
            continue
        signed[name], was_self_signed = _signed_checked(local, render, copy, identity)
        self_signed.append(was_self_signed)
    for name, path in signed.items():
        _replace(render, name, path)
    return _state(any(self_signed)), ""


def sign_stored(render_id: int, now=None) -> str:
    """Sign a done render's stored files that are not signed yet."""
    now = now or timezone.now()
    render = claim_for_credentials(Render.objects, render_id, now, lease=SIGN_LEASE)
    if render is None:
        return "not-claimed"
    try:
        with tempfile.TemporaryDirectory(prefix="sign-") as tmp:
            state, error = _sign_stored(render, Path(tmp))
    except CredentialsError as failure:
        state, error = CredentialsState.PENDING, str(failure)
    except Exception as failure:  # never let one video stop the sweep; the reason is logged
        log.warning("Signing %s failed unexpectedly (%s)", render.code, type(failure).__name__)
        state, error = CredentialsState.PENDING, UNEXPECTED
    record(render, state, error, now=timezone.now())
    return state


def sign_due(now=None) -> int:
    """Run by the minute schedule: sign the done videos that are due."""
    now = now or timezone.now()
    due = due_for_credentials(Render.objects, now).order_by("finished_at")
    started = time.monotonic()
    signed = 0
    for render_id in list(due.values_list("pk", flat=True)[:SWEEP_BATCH]):
        if time.monotonic() - started > SWEEP_SECONDS:
            break
        sign_stored(render_id, now=now)
        signed += 1
    return signed
