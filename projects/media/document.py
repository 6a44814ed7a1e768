"""A consent document: the signed form a team keeps beside a portrait, as a
PDF or a photo of it. Told from its first bytes like every upload (a PDF by
its ``%PDF-`` signature, a photo by ``sniff.py``), and a photo is decoded
whole by Pillow in the one format it announces, under a pixel cap, so that a
damaged or disguised file is refused rather than kept."""

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from . import portrait  # noqa: F401  (registers pillow-heif, so HEIC photos open)
from .errors import MediaRefused
from .limits import MB, PORTRAIT_MAX_PIXELS
from .sniff import sniff

CONSENT_DOCUMENT_MAX_BYTES = 10 * MB
CONSENT_DOCUMENT_MAX_PIXELS = PORTRAIT_MAX_PIXELS
# What a consent document may be, and how it is kept and served.
_IMAGES = {
    "jpeg": ("JPEG", "jpg", "image/jpeg"),
    "png": ("PNG", "png", "image/png"),
    "webp": ("WEBP", "webp", "image/webp"),
    "heic": ("HEIF", "heic", "image/heic"),
}
ACCEPTED_TEXT = "a PDF, or a JPEG, PNG, WebP or HEIC photo of the signed form"
# A PDF ends with %%EOF, give or take a few bytes of line ends and padding.
_PDF_TAIL_BYTES = 1024


@dataclass(frozen=True)
class ConsentDocument:
    format: str
    extension: str
    content_type: str


def _refused(message, code, detail=""):
    return MediaRefused(message, code=code, kind="document", detail=detail)


def check_consent_document(path) -> ConsentDocument:
    """What the file at `path` is, or MediaRefused in one plain sentence."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise _refused("The consent document is empty.", "empty")
    if size > CONSENT_DOCUMENT_MAX_BYTES:
        raise _refused(
            f"The consent document is {size / MB:.1f} MB; it can be at most "
            f"{CONSENT_DOCUMENT_MAX_BYTES // MB} MB.",
            "too_big_to_handle",
        )
    with path.open("rb") as fh:
        head = fh.read(8)
        if head.startswith(b"%PDF-"):
            fh.seek(max(0, size - _PDF_TAIL_BYTES))
            if b"%%EOF" not in fh.read():
                raise _refused(
                    "The consent document looks like a PDF that was cut short. "
                    "Save or scan it again.",
                    "incomplete",
                )
            return ConsentDocument("pdf", "pdf", "application/pdf")
    found = sniff(path)
    if found.kind != "portrait" or found.format not in _IMAGES:
        raise _refused(f"The consent document must be {ACCEPTED_TEXT}.", "unsupported_format")
    pillow_name, extension, content_type = _IMAGES[found.format]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[pillow_name]) as image:
                if image.width * image.height > CONSENT_DOCUMENT_MAX_PIXELS:
                    raise _refused(
                        "The consent document's photo is too large "
                        f"({image.width} × {image.height} pixels); scan it smaller.",
                        "too_many_pixels",
                    )
                image.load()
    except MediaRefused:
        raise
    except Exception as error:  # Pillow raises many kinds for a damaged file
        raise _refused(
            "The consent document's photo cannot be read: it may be damaged.",
            "damaged",
            detail=str(error),
        )
    return ConsentDocument(found.format, extension, content_type)
