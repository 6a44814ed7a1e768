"""The sample portrait and voiceovers bundled in ``projects/demo/``, added to
a team's library the way any upload is (``assets.uploads.asset_upload``:
checked, and deduplicated by the file's hash, so adding them twice keeps one
copy). ``manage.py seed_demo`` adds all three; an empty project's "Try with a
sample portrait and voice" adds the portrait and the English voiceover."""

import functools
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from projects.assets.uploads import UploadResult, asset_upload
from projects.consent.services import consent_record
from projects.media import inspect_voiceover
from projects.models import PortraitConsent, Project, Render, Team, User
from projects.renders.services import render_create

SAMPLES = Path(__file__).resolve().parents[1] / "demo"
PORTRAIT = "portrait-astronaut.png"
# Who the sample portrait shows, and why it may be animated: a NASA
# photograph in the public domain (projects/demo/README.md).
PORTRAIT_PERSON = "Eileen Collins (NASA public-domain photograph)"
PORTRAIT_RELEASED = date(1998, 1, 1)
VOICEOVER = "voiceover-en.mp3"
ALL_SAMPLES = (PORTRAIT, VOICEOVER, "voiceover-fr.m4a")
# The first video of "Try with a sample": what the avatar does while it speaks.
TRY_PROMPT = "Smiles warmly, nods now and then, looks into the camera."


def add_samples(
    *, team: Team, project: Project | None, uploaded_by: User | None, names=ALL_SAMPLES
) -> list[UploadResult]:
    """Add these samples to the team's library; one already there is reused.
    Raises UploadRefused as an upload would (it never should: they fit).
    The sample portrait's consent is recorded with it, once: it is a
    public-domain photograph (a withdrawn consent stays withdrawn)."""
    results = []
    for name in names:
        with (SAMPLES / name).open("rb") as fh:
            results.append(
                asset_upload(
                    team=team,
                    project=project,
                    uploaded_by=uploaded_by,
                    uploaded=File(fh, name=name),
                )
            )
        if name == PORTRAIT:
            _consent_to_sample(results[-1].asset, uploaded_by)
    return results


def _consent_to_sample(portrait, uploaded_by: User | None):
    if PortraitConsent.objects.filter(portrait=portrait).exists():
        return
    consent_record(
        portrait=portrait,
        person_name=PORTRAIT_PERSON,
        consent_date=PORTRAIT_RELEASED,
        confirmed_by=uploaded_by,
        operator_name="" if uploaded_by else "seed_demo (bundled sample)",
    )


@functools.cache
def sample_seconds(name: str = VOICEOVER) -> float | None:
    """How long a sample voiceover is, measured once per process: the
    estimate shown before anything is added."""
    return inspect_voiceover(SAMPLES / name).duration_seconds


ALREADY_STARTED = "This project already has videos: the sample is for a first try."


@transaction.atomic
def try_samples(*, project: Project, user: User) -> Render:
    """Add the sample portrait and English voiceover to the team's library
    (or reuse them) and queue this empty project's first video with them."""
    # One try per project, also when the button is pressed twice at once.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    if project.renders.exists():
        raise ValidationError(ALREADY_STARTED)
    if project.is_archived:
        raise ValidationError("This project is archived. Restore it to make new videos.")
    portrait, voiceover = (
        result.asset
        for result in add_samples(
            team=project.team, project=project, uploaded_by=user, names=(PORTRAIT, VOICEOVER)
        )
    )
    return render_create(
        project=project,
        created_by=user,
        portrait=portrait,
        voiceover=voiceover,
        prompt=TRY_PROMPT,
    )
