"""Real media files for tests, made once per session with Pillow and ffmpeg."""

import functools
import hashlib
import io
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import imageio_ffmpeg
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from projects.models import Asset, AssetKind, PortraitConsent

_DIR = Path(tempfile.mkdtemp(prefix="studio-test-media-"))


# The smallest PDF a reader opens: a consent document.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(width=512, height=512, colour=(90, 120, 200)):
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.3, height * 0.2, width * 0.7, height * 0.65), fill=(235, 200, 170))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@functools.cache
def mp3_path(seconds=3.0, frequency=440) -> Path:
    path = _DIR / f"tone-{seconds}-{frequency}.mp3"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={frequency}:duration={seconds}",
            "-ac",
            "1",
            "-b:a",
            "64k",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path


def portrait_asset(
    team,
    *,
    project=None,
    width=512,
    height=512,
    label="face.png",
    colour=(90, 120, 200),
    consent=True,
):
    """A real PNG portrait; with ``consent`` (the default) its person's
    consent is on record, so it can be rendered."""
    data = png_bytes(width, height, colour)
    asset = Asset(
        team=team,
        project=project,
        kind=AssetKind.PORTRAIT,
        label=label,
        format="png",
        extension="png",
        content_type="image/png",
        bytes=len(data),
        width=width,
        height=height,
        source_sha256=hashlib.sha256(data).hexdigest(),
    )
    asset.file.save("upload", ContentFile(data), save=False)
    asset.save()
    if consent:
        give_consent(asset)
    return asset


def give_consent(portrait, person_name="Ada Example", **fields):
    """The portrait's person agreed (as if recorded on the consent step)."""
    return PortraitConsent.objects.create(
        portrait=portrait,
        person_name=person_name,
        consent_date=fields.pop("consent_date", date(2026, 1, 5)),
        confirmed_by_name=fields.pop("confirmed_by_name", "Test fixture"),
        **fields,
    )


def voiceover_asset(team, *, project=None, seconds=3.0, frequency=440, label="voice.mp3", **fields):
    """A real MP3 voiceover; ``fields`` set more of the Asset's columns."""
    data = mp3_path(seconds, frequency).read_bytes()
    asset = Asset(
        team=team,
        project=project,
        kind=AssetKind.VOICEOVER,
        label=label,
        format="mp3",
        extension="mp3",
        content_type="audio/mpeg",
        bytes=len(data),
        duration=seconds,
        sample_rate=44100,
        channels=1,
        source_sha256=hashlib.sha256(data).hexdigest(),
    )
    for name, value in fields.items():
        setattr(asset, name, value)
    asset.file.save("upload", ContentFile(data), save=False)
    asset.save()
    return asset
