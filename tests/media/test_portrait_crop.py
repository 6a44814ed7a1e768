"""Cropping a portrait to the frame the person chose (media.crop_portrait): the
crop is made where they asked on the photo as they saw it (upright), checked
like any portrait, and an unusable frame is refused with nothing written."""

import math
import random

import pytest
from PIL import ExifTags, Image, ImageStat

from projects.media import CropBox, MediaRefused, crop_portrait, inspect_portrait, portrait
from projects.media.limits import PORTRAIT_CROP_OFFER_ABOVE, browser_limits
from projects.media.portrait import PORTRAIT

from .conftest import decoded_image
from .conftest import portrait_refusal as refusal


def unique_pixels(width, height):
    """An image whose every pixel has a colour of its own, so that a crop one
    pixel off shows: red and green say the column, blue and green the row."""
    columns = bytearray()
    for x in range(width):
        columns += bytes((x % 256, (x // 256) * 16, 0))
    rows = bytearray()
    for y in range(height):
        row = bytearray(columns)
        row[1::3] = bytes(g + y // 256 for g in columns[1::3])
        row[2::3] = bytes((y % 256,)) * width
        rows += row
    return Image.frombytes("RGB", (width, height), bytes(rows))


@pytest.fixture(scope="module")
def panorama(tmp_path_factory):
    """3000 × 800, made here, every pixel a colour of its own."""
    image = unique_pixels(3000, 800)
    path = tmp_path_factory.mktemp("crop") / "panorama.png"
    image.save(path)
    return path


def crop_refusal(path, box, workdir):
    with pytest.raises(MediaRefused) as caught:
        crop_portrait(path, box, workdir)
    assert caught.value.kind == "portrait"
    # Nothing was written: the frame is checked before anything is encoded.
    assert not workdir.exists() or list(workdir.iterdir()) == []
    return caught.value


# --- The crop ---------------------------------------------------------------------------


def test_a_panorama_is_cropped_where_the_person_chose(panorama, workdir):
    prepared = crop_portrait(panorama, CropBox(500, 0, 2000, 800), workdir)

    assert (prepared.width, prepared.height) == (2000, 800)
    assert PORTRAIT.shape_ok(prepared.width, prepared.height)
    assert prepared.changed and prepared.path.parent == workdir
    assert len(list(workdir.iterdir())) == 1  # the file handed back, nothing left beside it
    assert prepared.format == "png"  # a PNG stays lossless
    assert prepared.notes == ["We cropped it to 2000 × 800 pixels as you chose."]
    result, fmt, _exif, _info = decoded_image(prepared.path)
    assert (fmt, result.size) == ("PNG", (2000, 800))
    with Image.open(panorama) as original:
        for x, y in [(0, 0), (1999, 799), (1000, 400)]:
            assert result.getpixel((x, y)) == original.getpixel((500 + x, y))
    assert inspect_portrait(prepared.path).accepted


@pytest.mark.parametrize(
    "box, size",
    [
        (CropBox(0, 0, 2000, 800), (2000, 800)),  # exactly 2.5:1, the widest Kling takes
        (CropBox(1100, 0, 800, 800), (800, 800)),
        (CropBox(2700, 0, 300, 750), (300, 750)),  # exactly 1:2.5, at the smallest side
    ],
)
def test_any_frame_inside_the_photo_and_kling_range_is_taken(panorama, workdir, box, size):
    prepared = crop_portrait(panorama, box, workdir)
    assert (prepared.width, prepared.height) == size
    assert prepared.notes[0] == f"We cropped it to {size[0]} × {size[1]} pixels as you chose."


def test_the_frame_is_on_the_photo_turned_upright_by_its_exif_orientation(tmp_path, workdir):
    # Stored 800 wide and 3000 high, top half red, bottom half blue. Orientation 6
    # (turn 90° clockwise) shows it 3000 wide and 800 high: blue left, red right.
    stored = Image.new("RGB", (800, 3000), (220, 30, 30))
    stored.paste((30, 30, 220), (0, 1500, 800, 3000))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    path = tmp_path / "sideways.jpg"
    stored.save(path, "JPEG", quality=92, exif=exif)
    assert (inspect_portrait(path).width, inspect_portrait(path).height) == (3000, 800)

    left = crop_portrait(path, CropBox(0, 0, 1200, 800), workdir / "left")
    right = crop_portrait(path, CropBox(1800, 0, 1200, 800), workdir / "right")

    assert (left.width, left.height, left.format) == (1200, 800, "jpeg")
    assert left.notes == [
        "We cropped it to 1200 × 800 pixels as you chose.",
        "We turned it upright first, as the orientation its camera recorded asks.",
    ]
    for prepared, colour in [(left, (30, 30, 220)), (right, (220, 30, 30))]:
        image, _fmt, exif, _info = decoded_image(prepared.path)
        assert image.size == (1200, 800)
        assert ExifTags.Base.Orientation not in exif  # upright now: nothing to turn again
        mean = ImageStat.Stat(image).mean
        assert all(math.isclose(m, c, abs_tol=6) for m, c in zip(mean, colour, strict=True))
    # A frame that fits only the photo as stored is outside the photo as shown.
    crop_refusal(path, CropBox(0, 0, 800, 2000), workdir / "stored")


def test_a_jpeg_keeps_its_own_quantization_tables(tmp_path, workdir):
    path = tmp_path / "wide.jpg"
    Image.new("RGB", (1800, 600), (120, 160, 200)).save(path, "JPEG", quality=77)
    prepared = crop_portrait(path, CropBox(300, 0, 1200, 600), workdir)
    with Image.open(path) as original, Image.open(prepared.path) as cropped:
        assert cropped.quantization == original.quantization


def test_a_converted_format_and_its_location_data_are_said(media, workdir):
    webp = crop_portrait(media.image(1600, 500, "webp"), CropBox(0, 0, 1000, 500), workdir)
    assert webp.format == "jpeg"
    assert webp.notes == [
        "We cropped it to 1000 × 500 pixels as you chose.",
        "We converted this WebP image to JPEG, which Kling accepts.",
    ]
    located = crop_portrait(
        media.jpeg_with_exif(1600, 500, gps=True), CropBox(0, 0, 1000, 500), workdir
    )
    assert "We removed the location (GPS) data from this photo." in located.notes
    assert not inspect_portrait(located.path).has_location


def test_a_heic_panorama_is_cropped_and_converted(tmp_path, workdir):
    # Safari shows HEIC, so the crop step may come with one (Chromium does not:
    # there the photo goes to the server uncropped and is refused as before).
    path = tmp_path / "IMG_0002.HEIC"
    Image.new("RGB", (1600, 500), (90, 140, 210)).save(path, "HEIF")
    prepared = crop_portrait(path, CropBox(300, 0, 1000, 500), workdir)
    assert (prepared.format, prepared.width, prepared.height) == ("jpeg", 1000, 500)
    assert prepared.notes[1] == "We converted this HEIC image to JPEG, which Kling accepts."


def test_a_crop_still_over_klings_size_is_fitted_like_any_photo(tmp_path, workdir, monkeypatch):
    monkeypatch.setattr(portrait, "PORTRAIT_MAX_BYTES", 200_000)
    noise = Image.frombytes("RGB", (1500, 500), random.Random(13).randbytes(1500 * 500 * 3))
    path = tmp_path / "noise.png"
    noise.save(path)
    prepared = crop_portrait(path, CropBox(0, 0, 1000, 500), workdir)
    assert prepared.bytes <= 200_000
    assert prepared.notes[0] == "We cropped it to 1000 × 500 pixels as you chose."
    assert prepared.notes[1:] and "to fit Kling's" in " ".join(prepared.notes[1:])


# --- Frames refused --------------------------------------------------------------------


@pytest.mark.parametrize(
    "box",
    [
        CropBox(-1, 0, 2000, 800),
        CropBox(0, -1, 2000, 800),
        CropBox(1001, 0, 2000, 800),  # one pixel past the right edge
        CropBox(500, 1, 2000, 800),  # one pixel past the bottom
        CropBox(10**12, 0, 2000, 800),
        CropBox(0, 0, 10**12, 10**12),
    ],
)
def test_a_frame_outside_the_photo_is_refused(panorama, workdir, box):
    refused = crop_refusal(panorama, box, workdir)
    assert refused.code == "crop_outside"
    assert refused.message.startswith(
        "The crop frame we received does not fit inside this photo: the photo is 3000 × 800"
        f" pixels, and the frame runs from {box.x} to {box.x + box.width} across"
    )


@pytest.mark.parametrize(
    "box", [CropBox(0, 0, 0, 800), CropBox(0, 0, 800, 0), CropBox(900, 0, -800, 800)]
)
def test_an_empty_frame_is_refused(panorama, workdir, box):
    assert crop_refusal(panorama, box, workdir).code == "crop_empty"


@pytest.mark.parametrize(
    "box",
    [
        CropBox(float("nan"), 0, 2000, 800),
        CropBox(0, 0, float("inf"), 800),
        CropBox(0.5, 0, 2000, 800),
        CropBox("0", 0, 2000, 800),
        CropBox(True, 0, 2000, 800),
        CropBox(None, 0, 2000, 800),
    ],
)
def test_a_frame_that_is_not_whole_numbers_is_refused(panorama, workdir, box):
    refused = crop_refusal(panorama, box, workdir)
    assert refused.code == "crop_invalid"
    assert refused.message == (
        "The crop frame we received is not four whole numbers of pixels. Try cropping it again."
    )


def test_a_frame_still_outside_klings_aspect_range_is_refused(panorama, workdir):
    refused = crop_refusal(panorama, CropBox(0, 0, 2001, 800), workdir)
    assert (refused.code, refused.message) == (
        "aspect_ratio",
        "The frame you chose is 2001 × 800 pixels (2.501:1); Kling needs an aspect ratio"
        " between 1:2.5 and 2.5:1. Choose a frame closer to a square.",
    )
    assert crop_refusal(panorama, CropBox(0, 0, 300, 751), workdir).code == "aspect_ratio"


def test_a_frame_too_small_for_kling_is_refused(panorama, workdir):
    refused = crop_refusal(panorama, CropBox(0, 0, 299, 400), workdir)
    assert (refused.code, refused.message) == (
        "too_small",
        "The frame you chose is 299 × 400 pixels; Kling needs at least 300 pixels on each"
        " side. Choose a larger frame.",
    )


def test_a_damaged_photo_is_refused_before_its_frame_is_looked_at(panorama, tmp_path, workdir):
    broken = tmp_path / "broken.png"
    broken.write_bytes(panorama.read_bytes()[:5000])
    assert crop_refusal(broken, CropBox(0, 0, 2000, 800), workdir).code in (
        "damaged",
        "incomplete",
    )


# --- Without a frame, nothing changes --------------------------------------------------


def test_without_a_frame_a_panorama_is_refused_as_before(panorama, workdir):
    assert refusal(panorama, workdir).message == (
        "This photo is 3000 × 800 pixels (3.8:1); Kling needs an aspect ratio between 1:2.5"
        " and 2.5:1. Try cropping it closer to a square."
    )


def test_the_browser_is_told_above_which_size_the_crop_is_offered():
    assert browser_limits()["portraitCropOfferAbove"] == PORTRAIT_CROP_OFFER_ABOVE == 4096
    assert PORTRAIT.shape_ok(4096, 4096)
