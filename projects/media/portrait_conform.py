"""Re-encoding a portrait that Kling would not take as it is.

portrait.py decides what must change (PortraitInspection.changes()); reencode()
does it on the decoded image: turns it upright, leaves EXIF (and with it the
location data) behind, converts WebP, GIF and HEIC to PNG or JPEG, and fits
the photo under Kling's size limit losing as little as possible: PNG compressed
harder first, then JPEG at the best quality that fits, then smaller dimensions
as a last resort, never below PORTRAIT_MIN_SIDE. It writes no file and returns the
encoded bytes with a note for each change.
"""

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageOps, JpegImagePlugin

from . import wording
from .limits import JPEG_DOWNSCALE_QUALITY, JPEG_QUALITIES, PORTRAIT_MAX_ASPECT, PORTRAIT_MIN_SIDE


def reencode(inspection, image, measured, changes):
    """Return (data, format, notes, (width, height)): `image` changed as `changes` ask.

    `inspection` is the PortraitInspection: its ``max_bytes`` is the size to
    fit, and it builds the refusal when no size fits ("cannot_fit").
    """
    limit = wording.limit_size(inspection.max_bytes)
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
    encode = _Encoder(inspection, image, icc_profile=icc_profile, source_tables=source_tables)
    data, encoding, size = encode.fit(target, keep_alpha=measured.has_alpha)
    if "convert" in changes:
        notes.append(
            f"We converted this {label} image to {wording.label(encoding.format)}, which Kling"
            " accepts" + (", keeping its transparency." if encoding.format == "png" else ".")
        )
    elif encoding.format != measured.format:
        notes.append(
            f"We converted this {label} photo to JPEG (quality {encoding.quality}) to fit"
            f" Kling's {limit} limit."
        )
    if size != image.size:
        notes.append(
            f"We reduced this photo from {wording.pixels(*image.size)} to"
            f" {wording.pixels(*size)} to fit Kling's {limit} limit."
        )
    if "shrink" in changes:
        how = {
            ("png", "png"): "without changing a pixel",
            ("jpeg", "jpeg"): f"as a JPEG of quality {encoding.quality}",
        }.get((measured.format, encoding.format))
        if encoding.quality == "source":
            how = "at its original JPEG quality"
        before = wording.size(measured.bytes, limit=inspection.max_bytes)
        notes.append(
            f"We made this photo smaller, from {before} to {wording.size(len(data))}, to fit"
            f" Kling's {limit} limit" + (f", {how}." if how else ".")
        )
    return data, encoding.format, notes, size


@dataclass(frozen=True)
class _Encoding:
    format: str
    quality: int | str | None = None  # a JPEG quality, or "source" for the original tables
    compress_level: int = 6


class _Encoder:
    """Encodes one image under the size limit, losing as little as possible."""

    def __init__(self, inspection, image, *, icc_profile, source_tables):
        self.inspection = inspection
        self.max_bytes = inspection.max_bytes
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
                if len(data) <= self.max_bytes:
                    return data, _Encoding("png", compress_level=level), image.size
                if len(data) > self.max_bytes * 1.05:
                    break  # level 9 is slow and rarely saves more than a few percent
            if keep_alpha:  # flattening would change the picture: smaller, then
                return self._downscale(_Encoding("png", compress_level=6), len(data))
        return self._fit_jpeg()

    def _fit_jpeg(self):
        image = self._jpeg_image()
        if self.source_tables:
            data = self._encode(image, _Encoding("jpeg", "source"))
            if len(data) <= self.max_bytes:
                return data, _Encoding("jpeg", "source"), image.size
        # The best quality that fits: size grows with quality, so bisect between
        # the best quality (usually enough) and the lowest one.
        qualities = JPEG_QUALITIES
        best = None
        low, high = 0, len(qualities) - 1
        for index in (low, high):
            data = self._encode(image, _Encoding("jpeg", qualities[index]))
            if len(data) <= self.max_bytes:
                best = (data, _Encoding("jpeg", qualities[index]))
                break
        else:
            return self._downscale(_Encoding("jpeg", JPEG_DOWNSCALE_QUALITY), len(data))
        if index == high:  # the lowest quality fits, the best does not: bisect
            low, high = 1, high - 1
            while low <= high:
                middle = (low + high) // 2
                data = self._encode(image, _Encoding("jpeg", qualities[middle]))
                if len(data) <= self.max_bytes:
                    best, high = (data, _Encoding("jpeg", qualities[middle])), middle - 1
                else:
                    low = middle + 1
        return best[0], best[1], image.size

    def _downscale(self, encoding, last_size):
        image = self._jpeg_image() if encoding.format == "jpeg" else self.image
        width, height = image.size
        while True:
            scale = math.sqrt(self.max_bytes / last_size) * 0.95
            width, height = self._scaled(width, height, scale)
            if min(width, height) < PORTRAIT_MIN_SIDE:
                raise self.inspection.refusal(
                    f"We could not make this photo fit Kling's"
                    f" {wording.limit_size(self.max_bytes)} limit without making it smaller"
                    f" than {PORTRAIT_MIN_SIDE} pixels on a side.",
                    "cannot_fit",
                    suggestion="Try a simpler or smaller export.",
                )
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            data = self._encode(resized, encoding)
            if len(data) <= self.max_bytes:
                return data, encoding, (width, height)
            last_size = len(data)

    def _scaled(self, width, height, scale):
        """Dimensions times `scale`, rounded without leaving Kling's aspect-ratio range."""
        new_width = max(1, math.floor(width * scale))
        new_height = max(1, math.floor(height * scale))
        if not self.inspection.shape_ok(new_width, new_height):
            if new_width > new_height:
                new_width = math.floor(new_height * PORTRAIT_MAX_ASPECT)
            else:
                new_height = math.floor(new_width * PORTRAIT_MAX_ASPECT)
        return new_width, new_height

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
