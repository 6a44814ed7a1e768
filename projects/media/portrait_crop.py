"""Cropping a portrait to the frame the person chose in the browser's crop step.

The browser shows the photo upright and sends the original file with the frame
(x, y, width and height, in pixels of the photo as it is displayed: after its
EXIF orientation). That frame is untrusted: crop_portrait() refuses one that is
not four whole numbers, is empty, or does not lie inside the photo, and a
result that Kling would still refuse (too small, outside its aspect ratio),
with a plain sentence and nothing written that the caller keeps.

The crop is made on the decoded original, turned upright first. The result is
written in the family the photo will end up in (JPEG with the original's own
quantization tables, so a JPEG loses nothing more than a re-encode at its own
quality; PNG for a PNG or a transparent photo; JPEG of the best quality for
the formats we convert), then goes through prepare_portrait(), the same checks
and fitting under Kling's size limit as any upload.
"""

import dataclasses
from dataclasses import dataclass

from PIL import ImageOps, JpegImagePlugin

from . import wording
from .errors import MediaRefused
from .limits import (
    JPEG_QUALITIES,
    PORTRAIT_CONVERTIBLE_FORMATS,
    PORTRAIT_MAX_ASPECT,
    PORTRAIT_MIN_SIDE,
)
from .portrait import PORTRAIT, prepare_portrait


@dataclass(frozen=True)
class CropBox:
    """A frame on a photo as displayed (after its EXIF orientation), in pixels."""

    x: int
    y: int
    width: int
    height: int


def crop_portrait(path, box, workdir):
    """Crop the portrait at `path` to `box` (a CropBox), check it, and describe the final file.

    Returns a Prepared for a new file in `workdir` whose first note says how
    it was cropped. Raises MediaRefused, and nothing else, when the frame is
    not usable or Kling would refuse the cropped photo.
    """
    _check_numbers(box)
    with PORTRAIT.opened(path) as (measured, image):
        _check_frame(box, measured)
        try:
            PORTRAIT.check(dataclasses.replace(measured, width=box.width, height=box.height))
        except MediaRefused as refusal:
            raise _refused_frame(refusal, box)
        try:
            target, intermediate = _write_crop(image, measured, box, workdir)
        except MediaRefused:
            raise
        except Exception as error:  # a decoder or encoder failing half-way: same as damaged
            raise PORTRAIT.damaged(f"{type(error).__name__}: {error}", measured.format)
    prepared = prepare_portrait(intermediate, workdir)
    if prepared.path != intermediate:
        intermediate.unlink(missing_ok=True)
    notes = [f"We cropped it to {wording.pixels(box.width, box.height)} as you chose."]
    if measured.orientation != 1:
        notes.append("We turned it upright first, as the orientation its camera recorded asks.")
    if measured.has_location:
        notes.append("We removed the location (GPS) data from this photo.")
    if measured.format in PORTRAIT_CONVERTIBLE_FORMATS:
        notes.append(
            f"We converted this {wording.label(measured.format)} image to"
            f" {wording.label(target)}, which Kling accepts."
        )
    return dataclasses.replace(prepared, changed=True, notes=notes + list(prepared.notes))


def _check_numbers(box):
    values = (box.x, box.y, box.width, box.height)
    if not all(type(value) is int for value in values):
        raise PORTRAIT.refusal(
            "The crop frame we received is not four whole numbers of pixels.",
            "crop_invalid",
            suggestion="Try cropping it again.",
        )
    if box.width <= 0 or box.height <= 0:
        raise PORTRAIT.refusal(
            f"The crop frame we received is empty ({box.width} × {box.height} pixels).",
            "crop_empty",
            suggestion="Try cropping it again.",
        )


def _check_frame(box, measured):
    inside = (
        box.x >= 0
        and box.y >= 0
        and box.x + box.width <= measured.width
        and box.y + box.height <= measured.height
    )
    if not inside:
        raise PORTRAIT.refusal(
            "The crop frame we received does not fit inside this photo: the photo is"
            f" {wording.pixels(measured.width, measured.height)}, and the frame runs from"
            f" {box.x} to {box.x + box.width} across and from {box.y} to {box.y + box.height}"
            " down.",
            "crop_outside",
            suggestion="Try cropping it again.",
        )


def _refused_frame(refusal, box):
    """The normal check's refusal of the cropped photo, said of the frame."""
    size = wording.pixels(box.width, box.height)
    if refusal.code == "too_small":
        message = (
            f"The frame you chose is {size}; Kling needs at least {PORTRAIT_MIN_SIDE} pixels"
            " on each side. Choose a larger frame."
        )
    elif refusal.code == "aspect_ratio":
        narrowest, widest = wording.aspect_limits(PORTRAIT_MAX_ASPECT)
        shape = wording.ratio(box.width, box.height, limit=PORTRAIT_MAX_ASPECT)
        message = (
            f"The frame you chose is {size} ({shape}); Kling needs an aspect ratio between"
            f" {narrowest} and {widest}. Choose a frame closer to a square."
        )
    else:  # animated: nothing about the frame
        return refusal
    return MediaRefused(message, code=refusal.code, kind=refusal.kind, detail=refusal.detail)


def _write_crop(image, measured, box, workdir):
    """Write the cropped photo to a new file in `workdir`; return (format, path)."""
    options = {}
    if measured.format == "jpeg":
        # The photo's own tables: the crop keeps its quality.
        options = {
            "qtables": image.quantization,
            "subsampling": JpegImagePlugin.get_sampling(image),
        }
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    upright = ImageOps.exif_transpose(image) if measured.orientation != 1 else image
    cropped = upright.crop((box.x, box.y, box.x + box.width, box.y + box.height))
    if measured.format == "png" or measured.has_alpha:
        target = "png"
    else:
        target = "jpeg"
        if measured.format != "jpeg":  # converted: at the best quality we ever use
            options["quality"] = JPEG_QUALITIES[0]
        if cropped.mode not in ("RGB", "L", "CMYK"):
            cropped = cropped.convert("RGB")  # only opaque photos come here
    path = PORTRAIT.new_file(workdir, ".png" if target == "png" else ".jpg")
    # Pillow writes neither EXIF nor XMP unless asked: the location data stays behind.
    cropped.save(path, target.upper(), **options)
    return target, path
