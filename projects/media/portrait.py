"""Portraits: measure a photo, check it against Kling's limits, and say what must change.

The flow and the refusals both kinds share are in inspection.py; re-encoding a
photo that must change is in portrait_conform.py. Here is what is a portrait's
own: which images it takes, how it is measured (size as displayed, EXIF
orientation, location data, transparency, frames), what is refused, and what
prepare_portrait() would change.

HEIC photos (what iPhones take) are read by pillow-heif, registered with Pillow
once, when this module is first imported; libheif turns them upright itself
(their rotation is in the container, not in EXIF).

Pillow only ever sees the one format the file's first bytes announce, checks
the pixel count before decoding anything, and decodes the whole image so that
a truncated file is caught here rather than by Kling (a PNG whose pixel data
ends early is not an error to Pillow: png_data.py counts it).
"""

import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction

import pillow_heif
from PIL import ExifTags, Image

from . import png_data, wording
from .errors import MediaRefused
from .inspection import Inspection
from .limits import (
    EXTENSIONS,
    PORTRAIT_CONVERTIBLE_FORMATS,
    PORTRAIT_FORMATS,
    PORTRAIT_MAX_ASPECT,
    PORTRAIT_MAX_BYTES,
    PORTRAIT_MAX_PIXELS,
    PORTRAIT_MIN_SIDE,
)
from .portrait_conform import reencode
from .results import PortraitInfo

# Once per process: Pillow then opens HEIF files, as the format named "HEIF".
pillow_heif.register_heif_opener()

_PILLOW_NAMES = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF", "heic": "HEIF"}
# Formats whose extra pictures are not frames of an animation: a phone's JPEG
# (MPO) or HEIC may hold several pictures, and only the first (primary) one is the photo.
_FIRST_PICTURE_ONLY = ("MPO", "HEIF")
_ORIENTATION = ExifTags.Base.Orientation
_GPS_IFD = ExifTags.IFD.GPSInfo
_SIDEWAYS = (5, 6, 7, 8)  # orientations that swap width and height
KLING_FORMATS_TEXT = wording.labels(PORTRAIT_FORMATS)


@dataclass(frozen=True)
class _Measured:
    format: str
    bytes: int
    width: int  # as displayed, after the EXIF orientation
    height: int
    orientation: int = 1
    has_location: bool = False
    unreadable_exif: bool = False
    has_alpha: bool = False
    frames: int = 1
    mode: str = ""


class PortraitInspection(Inspection):
    """The steps of inspection.Inspection, for a photo."""

    kind = "portrait"
    info = PortraitInfo
    needs = f"{wording.with_article(KLING_FORMATS_TEXT)} photo"
    noun = "photo"
    medium = "image"
    smaller = "Try a smaller export."

    @property
    def max_bytes(self):
        # Read when used, not at import: a limit lowered here (as tests do) reaches
        # portrait_conform.py too.
        return PORTRAIT_MAX_BYTES

    # --- Measuring -------------------------------------------------------------

    def measure(self, path):
        with self.opened(path) as (measured, _image):
            return measured

    @contextmanager
    def opened(self, path):
        """Yield the measurements and the fully decoded image, or raise MediaRefused."""
        size = self.file_size(path)
        fmt = self._format(path)
        with self._bombs_refused(fmt):
            image = Image.open(path, formats=[_PILLOW_NAMES[fmt]])
        with image:
            with self._bombs_refused(fmt):
                width, height = image.size
                if width * height > PORTRAIT_MAX_PIXELS:
                    raise self._too_many_pixels(width, height)
                frames = 1 if image.format in _FIRST_PICTURE_ONLY else getattr(image, "n_frames", 1)
                image.load()
                if fmt == "png" and not png_data.is_complete(path):
                    raise self._incomplete(width, height)
                measured = _measured(image, fmt, size, frames)
            yield measured, image

    def _format(self, path):
        sniffed = self.sniffed(path)
        if sniffed.format in _PILLOW_NAMES:
            return sniffed.format
        if sniffed.kind == "portrait":
            raise self.refusal(
                f"This photo is {wording.with_article(wording.label(sniffed.format))} image;"
                f" Kling needs {KLING_FORMATS_TEXT}.",
                "unsupported_format",
                suggestion="Export it as JPEG and upload it again.",
            )
        if sniffed.kind == "voiceover":
            raise self.refusal(
                f"This file is a sound recording, not a photo; Kling needs a {KLING_FORMATS_TEXT}"
                " image.",
                "not_a_portrait",
            )
        raise self.refusal(
            f"This file is not a photo we can read; Kling needs a {KLING_FORMATS_TEXT} image.",
            "not_a_portrait",
        )

    def _too_many_pixels(self, width, height, detail=""):
        return self.refusal(
            f"This photo has {wording.pixel_count(width * height, limit=PORTRAIT_MAX_PIXELS)}"
            f" ({width} × {height}); we can take at most"
            f" {wording.pixel_count(PORTRAIT_MAX_PIXELS)}.",
            "too_many_pixels",
            suggestion="Try a smaller export.",
            detail=detail,
        )

    def _incomplete(self, width, height):
        # Pillow decodes such a file without an error, leaving the missing rows blank.
        return self.refusal(
            f"This photo's file is incomplete: it says it is {wording.pixels(width, height)},"
            " but its picture data stops early.",
            "incomplete",
            suggestion="Try exporting it again.",
        )

    @contextmanager
    def _bombs_refused(self, fmt):
        """Run Pillow code with its decompression-bomb warning and error turned into refusals.

        Pillow warns (above Image.MAX_IMAGE_PIXELS, about 89 million) or raises
        (above twice that) while opening, before our lower cap can be checked.
        warnings.catch_warnings() changes process-wide state, so in a threaded
        server another thread's warnings may be muted while a portrait is decoded.
        """
        with warnings.catch_warnings():
            # Pillow's other warnings are about odd metadata it skips: the file is
            # either refused here or re-checked, so they would only be noise in logs.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                yield
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                # Pillow says "Image size (N pixels) exceeds limit of M pixels...".
                match = re.search(r"\((\d+) pixels\)", str(error))
                count = int(match.group(1)) if match else PORTRAIT_MAX_PIXELS + 1
                raise self.refusal(
                    f"This photo has {wording.pixel_count(count, limit=PORTRAIT_MAX_PIXELS)};"
                    f" we can take at most {wording.pixel_count(PORTRAIT_MAX_PIXELS)}.",
                    "too_many_pixels",
                    suggestion="Try a smaller export.",
                    detail=str(error),
                )
            except MediaRefused:
                raise
            # Pillow raises many types on malformed input (OSError, SyntaxError,
            # ValueError, struct.error, EOFError, MemoryError...): all mean "damaged".
            except Exception as error:
                raise self.damaged(_detail(error), fmt)

    # --- Checking --------------------------------------------------------------

    def check(self, measured):
        """Raise MediaRefused for what no conform can fix."""
        width, height = measured.width, measured.height
        if measured.frames > 1:
            raise self.refusal(
                f"This {wording.label(measured.format)} image is animated ({measured.frames}"
                " frames); Kling needs a still photo.",
                "animated",
                suggestion="Export one frame as JPEG or PNG.",
            )
        if min(width, height) < PORTRAIT_MIN_SIDE:
            raise self.refusal(
                f"This photo is {wording.pixels(width, height)}; Kling needs at least"
                f" {PORTRAIT_MIN_SIDE} pixels on each side.",
                "too_small",
                suggestion="Try a larger version of the photo.",
            )
        if not self.shape_ok(width, height):
            narrowest, widest = wording.aspect_limits(PORTRAIT_MAX_ASPECT)
            raise self.refusal(
                f"This photo is {wording.pixels(width, height)}"
                f" ({wording.ratio(width, height, limit=PORTRAIT_MAX_ASPECT)}); Kling needs an"
                f" aspect ratio between {narrowest} and {widest}.",
                "aspect_ratio",
                suggestion="Try cropping it closer to a square.",
            )

    @staticmethod
    def shape_ok(width, height):
        """True if Kling takes a photo of this shape (its aspect ratio)."""
        return Fraction(max(width, height), min(width, height)) <= PORTRAIT_MAX_ASPECT

    def changes(self, measured):
        """What prepare_portrait() would do, as (code, phrase) pairs."""
        changes = []
        if measured.format in PORTRAIT_CONVERTIBLE_FORMATS:
            target = "PNG" if measured.has_alpha else "JPEG"
            changes.append(("convert", f"convert {wording.label(measured.format)} to {target}"))
        if measured.orientation != 1:
            changes.append(("orient", f"turn upright (EXIF orientation {measured.orientation})"))
        if measured.has_location:
            changes.append(("location", "remove location (GPS) data"))
        if measured.unreadable_exif:
            changes.append(("exif", "remove unreadable EXIF data"))
        if measured.bytes > PORTRAIT_MAX_BYTES:
            changes.append(("shrink", f"re-encode to fit {wording.limit_size(PORTRAIT_MAX_BYTES)}"))
        return changes

    def why_not_accepted(self, measured):
        if measured.format not in PORTRAIT_FORMATS:
            return (
                f"Kling does not take {wording.label(measured.format)} images; we can convert it"
                f" to {'PNG' if measured.has_alpha else 'JPEG'}."
            )
        if measured.bytes > PORTRAIT_MAX_BYTES:
            return (
                f"This photo is {wording.size(measured.bytes, limit=PORTRAIT_MAX_BYTES)}; Kling"
                f" takes at most {wording.limit_size(PORTRAIT_MAX_BYTES)}, so we can re-encode it"
                " to fit."
            )
        return None

    # --- Conforming (portrait_conform.py does the encoding) -------------------

    def conform(self, path, measured, image, changes, workdir):
        try:
            data, fmt, notes, (width, height) = reencode(self, image, measured, changes)
        except MediaRefused:
            raise
        except Exception as error:  # a decoder or encoder failing half-way: same as damaged
            raise self.damaged(_detail(error), measured.format)
        destination = self.new_file(workdir, EXTENSIONS[fmt])
        destination.write_bytes(data)
        return self.prepared(
            destination,
            changed=True,
            notes=notes,
            format=fmt,
            bytes=len(data),
            width=width,
            height=height,
        )


def _measured(image, fmt, size, frames):
    """The measurements of a decoded image (they never refuse it)."""
    orientation, has_location, unreadable_exif = 1, False, False
    try:
        exif = image.getexif()
        value = exif.get(_ORIENTATION, 1)
        orientation = value if value in range(1, 9) else 1
        has_location = bool(exif.get_ifd(_GPS_IFD)) or bool(exif.get(_GPS_IFD))
    except Exception:  # broken EXIF: we cannot read it, so we will not pass it on either
        unreadable_exif = True
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    has_location = has_location or b"GPSLatitude" in xmp or b"GPSLongitude" in xmp
    width, height = image.size
    if orientation in _SIDEWAYS:
        width, height = height, width
    return _Measured(
        format=fmt,
        bytes=size,
        width=width,
        height=height,
        orientation=orientation,
        has_location=has_location,
        unreadable_exif=unreadable_exif,
        has_alpha=_has_alpha(image),
        frames=frames,
        mode=image.mode,
    )


def _has_alpha(image):
    """True if some pixel is not fully opaque (an opaque alpha channel does not count)."""
    if not image.has_transparency_data:
        return False
    if "A" in image.getbands():
        return image.getchannel("A").getextrema()[0] < 255
    return True  # a palette or a colour key with a transparent entry


def _detail(error):
    """A Pillow error, for MediaRefused.detail."""
    return f"{type(error).__name__}: {error}"


# --- Public API ----------------------------------------------------------------

PORTRAIT = PortraitInspection()


def inspect_portrait(path):
    """Measure the portrait at `path` and say whether Kling would take it. Never raises."""
    return PORTRAIT.inspect(path)


def prepare_portrait(path, workdir):
    """Check the portrait at `path`, conform it if needed, and describe the final file.

    Returns a Prepared whose path is `path` itself when nothing had to change,
    or a new file in `workdir` (created if missing). Raises MediaRefused, and
    nothing else, when Kling would refuse the photo and we cannot fix it.
    """
    return PORTRAIT.prepare(path, workdir)
