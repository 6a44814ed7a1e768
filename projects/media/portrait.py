"""Portraits: measure, check against Kling's limits, and conform what can be fixed.

Pillow only ever sees the one format the file's first bytes announce, checks
the pixel count before decoding anything, and decodes the whole image so that
a truncated file is caught here rather than by Kling.
"""

import io
import math
import os
import re
import tempfile
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PIL import ExifTags, Image, ImageOps, JpegImagePlugin

from . import wording
from .errors import MediaRefused
from .limits import (
    CONTENT_TYPES,
    EXTENSIONS,
    JPEG_DOWNSCALE_QUALITY,
    JPEG_QUALITIES,
    MAX_INPUT_BYTES,
    PORTRAIT_CONVERTIBLE_FORMATS,
    PORTRAIT_FORMATS,
    PORTRAIT_MAX_ASPECT,
    PORTRAIT_MAX_BYTES,
    PORTRAIT_MAX_PIXELS,
    PORTRAIT_MIN_SIDE,
)
from .results import PortraitInfo, Prepared, sha256_of
from .sniff import sniff

_PILLOW_NAMES = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
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


def _refusal(message, code, *, suggestion="", detail=""):
    text = f"{message} {suggestion}" if suggestion else message
    return MediaRefused(text, code=code, kind="portrait", detail=detail)


# --- Measuring -----------------------------------------------------------------


def _file_size(path):
    try:
        size = os.stat(path).st_size
    except OSError as error:
        raise _refusal("We could not find this file.", "missing", detail=str(error))
    if size == 0:
        raise _refusal(
            f"This file is empty; Kling needs a {KLING_FORMATS_TEXT} photo.",
            "empty",
            suggestion="Try uploading it again.",
        )
    if size > MAX_INPUT_BYTES:
        raise _refusal(
            f"This file is {wording.size(size, limit=MAX_INPUT_BYTES)}; we can take files up"
            f" to {wording.limit_size(MAX_INPUT_BYTES)}, and Kling needs a photo of at most"
            f" {wording.limit_size(PORTRAIT_MAX_BYTES)}.",
            "too_big_to_handle",
            suggestion="Try a smaller export.",
        )
    return size


def _format(path):
    try:
        sniffed = sniff(path)
    except OSError as error:
        raise _refusal("We could not read this file.", "missing", detail=str(error))
    if sniffed.format in _PILLOW_NAMES:
        return sniffed.format
    if sniffed.kind == "portrait":
        raise _refusal(
            f"This photo is a {wording.label(sniffed.format)} image; Kling needs"
            f" {KLING_FORMATS_TEXT}.",
            "unsupported_format",
            suggestion="Export it as JPEG and upload it again.",
        )
    if sniffed.kind == "voiceover":
        raise _refusal(
            f"This file is a sound recording, not a photo; Kling needs a {KLING_FORMATS_TEXT}"
            " image.",
            "not_a_portrait",
        )
    raise _refusal(
        f"This file is not a photo we can read; Kling needs a {KLING_FORMATS_TEXT} image.",
        "not_a_portrait",
    )


def _damaged(fmt, error):
    return _refusal(
        f"This file seems damaged: it starts like a {wording.label(fmt)} image, but we could"
        " not decode it to the end.",
        "damaged",
        suggestion="Try exporting it again.",
        detail=f"{type(error).__name__}: {error}",
    )


def _too_many_pixels(width, height, detail=""):
    return _refusal(
        f"This photo has {wording.pixel_count(width * height, limit=PORTRAIT_MAX_PIXELS)}"
        f" ({width} × {height}); we can take at most {wording.pixel_count(PORTRAIT_MAX_PIXELS)}.",
        "too_many_pixels",
        suggestion="Try a smaller export.",
        detail=detail,
    )


@contextmanager
def _bombs_refused(fmt):
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
            raise _refusal(
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
            raise _damaged(fmt, error)


@contextmanager
def _opened(path):
    """Yield the measurements and the fully decoded image, or raise MediaRefused."""
    size = _file_size(path)
    fmt = _format(path)
    with _bombs_refused(fmt):
        image = Image.open(path, formats=[_PILLOW_NAMES[fmt]])
    with image:
        with _bombs_refused(fmt):
            width, height = image.size
            if width * height > PORTRAIT_MAX_PIXELS:
                raise _too_many_pixels(width, height)
            # A phone's JPEG may hold several pictures (MPO); only the first is the photo.
            frames = 1 if image.format == "MPO" else getattr(image, "n_frames", 1)
            image.load()
            measured = _measure(image, fmt, size, frames)
        yield measured, image


def _measure(image, fmt, size, frames):
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


# --- Checking ------------------------------------------------------------------


def _check(measured):
    """Raise MediaRefused for what no conform can fix."""
    width, height = measured.width, measured.height
    if measured.frames > 1:
        raise _refusal(
            f"This {wording.label(measured.format)} image is animated ({measured.frames}"
            " frames); Kling needs a still photo.",
            "animated",
            suggestion="Export one frame as JPEG or PNG.",
        )
    if min(width, height) < PORTRAIT_MIN_SIDE:
        raise _refusal(
            f"This photo is {wording.pixels(width, height)}; Kling needs at least"
            f" {PORTRAIT_MIN_SIDE} pixels on each side.",
            "too_small",
            suggestion="Try a larger version of the photo.",
        )
    if not _shape_ok(width, height):
        narrowest, widest = wording.aspect_limits(PORTRAIT_MAX_ASPECT)
        raise _refusal(
            f"This photo is {wording.pixels(width, height)}"
            f" ({wording.ratio(width, height, limit=PORTRAIT_MAX_ASPECT)}); Kling needs an"
            f" aspect ratio between {narrowest} and {widest}.",
            "aspect_ratio",
            suggestion="Try cropping it closer to a square.",
        )


def _shape_ok(width, height):
    return Fraction(max(width, height), min(width, height)) <= PORTRAIT_MAX_ASPECT


def _changes(measured):
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


def _why_not_accepted(measured):
    """A sentence on why Kling would not take this file as it is, or None."""
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


# --- Public API ----------------------------------------------------------------


def inspect_portrait(path):
    """Measure the portrait at `path` and say whether Kling would take it. Never raises."""
    path = Path(path)
    measured = None
    try:
        with _opened(path) as (measured, _image):
            pass
        _check(measured)
    except MediaRefused as refusal:
        fields = _fields(measured) if measured else _bytes_only(path)
        return PortraitInfo(
            path=path,
            accepted=False,
            conformable=False,
            refused=True,
            reason=refusal.message,
            code=refusal.code,
            **fields,
        )
    reason = _why_not_accepted(measured)
    return PortraitInfo(
        path=path,
        accepted=reason is None,
        conformable=reason is not None,
        refused=False,
        reason=reason,
        code="conformable" if reason else None,
        changes=tuple(phrase for _code, phrase in _changes(measured)),
        **_fields(measured),
    )


def _fields(measured):
    return {
        "format": measured.format,
        "bytes": measured.bytes,
        "width": measured.width,
        "height": measured.height,
        "orientation": measured.orientation,
        "has_location": measured.has_location,
        "has_alpha": measured.has_alpha,
        "frames": measured.frames,
        "mode": measured.mode,
    }


def _bytes_only(path):
    try:
        return {"bytes": os.stat(path).st_size, "format": sniff(path).format}
    except OSError:
        return {}


def prepare_portrait(path, workdir):
    """Check the portrait at `path`, conform it if needed, and describe the final file.

    Returns a Prepared whose path is `path` itself when nothing had to change,
    or a new file in `workdir` (created if missing). Raises MediaRefused, and
    nothing else, when Kling would refuse the photo and we cannot fix it.
    """
    path = Path(path)
    with _opened(path) as (measured, image):
        _check(measured)
        changes = dict(_changes(measured))
        if not changes:
            return Prepared(
                kind="portrait",
                path=path,
                changed=False,
                format=measured.format,
                content_type=CONTENT_TYPES[measured.format],
                extension=EXTENSIONS[measured.format],
                bytes=measured.bytes,
                sha256=sha256_of(path),
                width=measured.width,
                height=measured.height,
            )
        try:
            data, fmt, notes, (width, height) = _conform(image, measured, changes)
        except MediaRefused:
            raise
        except Exception as error:  # a decoder or encoder failing half-way: same as damaged
            raise _damaged(measured.format, error)
    destination = _write(workdir, "portrait", EXTENSIONS[fmt], data)
    return Prepared(
        kind="portrait",
        path=destination,
        changed=True,
        format=fmt,
        content_type=CONTENT_TYPES[fmt],
        extension=EXTENSIONS[fmt],
        bytes=len(data),
        sha256=sha256_of(destination),
        notes=notes,
        width=width,
        height=height,
    )


# --- Conforming ----------------------------------------------------------------


@dataclass(frozen=True)
class _Encoding:
    format: str
    quality: int | str | None = None  # a JPEG quality, or "source" for the original tables
    compress_level: int = 6


def _conform(image, measured, changes):
    notes = []
    label = wording.label(measured.format)
    if measured.format == "jpeg":
        # Re-encoding with the photo's own quantization tables keeps its quality.
        source_tables = {
            "qtables": image.quantization,
            "subsampling": JpegImagePlugin.get_sampling(image),
        }
    else:
        source_tables = None
    icc_profile = image.info.get("icc_profile")
    if "orient" in changes:
        ImageOps.exif_transpose(image, in_place=True)
        notes.append("We turned this photo upright, as the orientation its camera recorded asks.")
    if "location" in changes:
        notes.append("We removed the location (GPS) data from this photo.")
    if "exif" in changes:
        notes.append("We removed this photo's camera data (EXIF), which we could not read.")

    target = "png" if measured.format == "png" or measured.has_alpha else "jpeg"
    encode = _Encoder(image, icc_profile=icc_profile, source_tables=source_tables)
    data, encoding, size = encode.fit(target, keep_alpha=measured.has_alpha)
    if "convert" in changes:
        notes.append(
            f"We converted this {label} image to {wording.label(encoding.format)}, which Kling"
            " accepts" + (", keeping its transparency." if encoding.format == "png" else ".")
        )
    elif encoding.format != measured.format:
        notes.append(
            f"We converted this {label} photo to JPEG (quality {encoding.quality}) to fit"
            f" Kling's {wording.limit_size(PORTRAIT_MAX_BYTES)} limit."
        )
    if size != image.size:
        notes.append(
            f"We reduced this photo from {wording.pixels(*image.size)} to"
            f" {wording.pixels(*size)} to fit Kling's {wording.limit_size(PORTRAIT_MAX_BYTES)}"
            " limit."
        )
    if "shrink" in changes:
        how = {
            ("png", "png"): "without changing a pixel",
            ("jpeg", "jpeg"): f"as a JPEG of quality {encoding.quality}",
        }.get((measured.format, encoding.format))
        if encoding.quality == "source":
            how = "at its original JPEG quality"
        before = wording.size(measured.bytes, limit=PORTRAIT_MAX_BYTES)
        notes.append(
            f"We made this photo smaller, from {before} to {wording.size(len(data))}, to fit"
            f" Kling's {wording.limit_size(PORTRAIT_MAX_BYTES)} limit"
            + (f", {how}." if how else ".")
        )
    return data, encoding.format, notes, size


class _Encoder:
    """Encodes one image under the size limit, losing as little as possible."""

    def __init__(self, image, *, icc_profile, source_tables):
        self.image = image
        self.icc_profile = icc_profile
        self.source_tables = source_tables
        self._jpeg_ready = None

    def fit(self, target, *, keep_alpha):
        """Return (data, _Encoding, (width, height)) of the best encoding that fits."""
        image = self.image
        if target == "png":
            for level in (6, 9):
                data = self._encode(image, _Encoding("png", compress_level=level))
                if len(data) <= PORTRAIT_MAX_BYTES:
                    return data, _Encoding("png", compress_level=level), image.size
                if len(data) > PORTRAIT_MAX_BYTES * 1.05:
                    break  # level 9 is slow and rarely saves more than a few percent
            if keep_alpha:  # flattening would change the picture: smaller, then
                return self._downscale(_Encoding("png", compress_level=6), len(data))
        return self._fit_jpeg()

    def _fit_jpeg(self):
        image = self._jpeg_image()
        if self.source_tables:
            data = self._encode(image, _Encoding("jpeg", "source"))
            if len(data) <= PORTRAIT_MAX_BYTES:
                return data, _Encoding("jpeg", "source"), image.size
        # The best quality that fits: size grows with quality, so bisect between
        # the best quality (usually enough) and the lowest one.
        qualities = JPEG_QUALITIES
        best = None
        low, high = 0, len(qualities) - 1
        for index in (low, high):
            data = self._encode(image, _Encoding("jpeg", qualities[index]))
            if len(data) <= PORTRAIT_MAX_BYTES:
                best = (data, _Encoding("jpeg", qualities[index]))
                break
        else:
            return self._downscale(_Encoding("jpeg", JPEG_DOWNSCALE_QUALITY), len(data))
        if index == high:  # the lowest quality fits, the best does not: bisect
            low, high = 1, high - 1
            while low <= high:
                middle = (low + high) // 2
                data = self._encode(image, _Encoding("jpeg", qualities[middle]))
                if len(data) <= PORTRAIT_MAX_BYTES:
                    best, high = (data, _Encoding("jpeg", qualities[middle])), middle - 1
                else:
                    low = middle + 1
        return best[0], best[1], image.size

    def _downscale(self, encoding, last_size):
        image = self._jpeg_image() if encoding.format == "jpeg" else self.image
        width, height = image.size
        while True:
            scale = math.sqrt(PORTRAIT_MAX_BYTES / last_size) * 0.95
            width, height = _scaled(width, height, scale)
            if min(width, height) < PORTRAIT_MIN_SIDE:
                raise _refusal(
                    f"We could not make this photo fit Kling's"
                    f" {wording.limit_size(PORTRAIT_MAX_BYTES)} limit without making it smaller"
                    f" than {PORTRAIT_MIN_SIDE} pixels on a side.",
                    "cannot_fit",
                    suggestion="Try a simpler or smaller export.",
                )
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            data = self._encode(resized, encoding)
            if len(data) <= PORTRAIT_MAX_BYTES:
                return data, encoding, (width, height)
            last_size = len(data)

    def _jpeg_image(self):
        """The image in a mode JPEG can hold: 16-bit greyscale scaled, alpha dropped."""
        if self._jpeg_ready is None:
            image = self.image
            if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
                image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
            elif image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")  # only opaque images come here
            self._jpeg_ready = image
        return self._jpeg_ready

    def _encode(self, image, encoding):
        """Encode without EXIF or XMP (Pillow copies neither unless asked); keep the ICC profile."""
        buffer = io.BytesIO()
        options = {"icc_profile": self.icc_profile} if self.icc_profile else {}
        if encoding.format == "png":
            image.save(buffer, "PNG", compress_level=encoding.compress_level, **options)
        elif encoding.quality == "source":
            image.save(buffer, "JPEG", **self.source_tables, **options)
        else:
            image.save(buffer, "JPEG", quality=encoding.quality, **options)
        return buffer.getvalue()


def _scaled(width, height, scale):
    """Dimensions times `scale`, rounded without leaving Kling's aspect-ratio range."""
    new_width = max(1, math.floor(width * scale))
    new_height = max(1, math.floor(height * scale))
    if not _shape_ok(new_width, new_height):
        if new_width > new_height:
            new_width = math.floor(new_height * PORTRAIT_MAX_ASPECT)
        else:
            new_height = math.floor(new_width * PORTRAIT_MAX_ASPECT)
    return new_width, new_height


def _write(workdir, prefix, extension, data):
    os.makedirs(workdir, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f"{prefix}-", suffix=extension, dir=workdir)
    with os.fdopen(handle, "wb") as fp:
        fp.write(data)
    return Path(name)
