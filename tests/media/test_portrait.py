"""Portraits: Kling takes JPEG/PNG, at most 10 MB, each side at least 300 px, aspect
ratio 1:2.5 to 2.5:1. What is accepted as it is and what is refused, in one sentence
(what we fix is in test_portrait_conform.py)."""

import hashlib
import warnings

import pytest
from PIL import Image

from projects.media import inspect_portrait, prepare_portrait
from projects.media.limits import PORTRAIT_MAX_BYTES, PORTRAIT_MAX_PIXELS

from .conftest import MB
from .conftest import portrait_refusal as refusal


def test_the_limits_are_kling_s_documented_ones():
    assert PORTRAIT_MAX_BYTES == 10 * MB == 10_485_760


# --- Accepted as they are -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_it_accepts_a_jpeg_or_png_portrait_as_it_is(media, workdir, fmt):
    path = media.image(600, 800, fmt)

    prepared = prepare_portrait(path, workdir)

    assert prepared.path == path
    assert not prepared.changed
    assert prepared.notes == []
    assert prepared.format == fmt
    assert prepared.content_type == f"image/{fmt}"
    assert prepared.extension == {"png": ".png", "jpeg": ".jpg"}[fmt]
    assert (prepared.width, prepared.height) == (600, 800)
    assert prepared.bytes == path.stat().st_size
    assert prepared.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert not workdir.exists()


def test_it_detects_a_png_named_jpg_from_its_content(media, workdir):
    path = media.named(media.image(600, 800, "png"), "really-a-png.jpg")

    prepared = prepare_portrait(path, workdir)

    assert prepared.format == "png"
    assert prepared.extension == ".png"
    assert prepared.content_type == "image/png"


def test_it_accepts_a_phone_s_multi_picture_jpeg_as_a_jpeg(media, workdir):
    path = media.mpo(600, 800)
    assert Image.open(path).format == "MPO"

    info = inspect_portrait(path)

    assert info.accepted
    assert (info.format, info.frames) == ("jpeg", 1)


# --- Size in pixels ------------------------------------------------------------------


def test_it_rejects_a_portrait_under_300_px(media, workdir):
    error = refusal(media.image(280, 420), workdir)

    assert error.message == (
        "This photo is 280 × 420 pixels; Kling needs at least 300 pixels on each side."
        " Try a larger version of the photo."
    )
    assert error.code == "too_small"


@pytest.mark.parametrize("width, height", [(299, 600), (600, 299), (299, 299)])
def test_it_rejects_a_portrait_of_299_px_on_a_side(media, workdir, width, height):
    error = refusal(media.image(width, height), workdir)

    assert error.code == "too_small"
    assert f"{width} × {height} pixels" in error.message


@pytest.mark.parametrize("width, height", [(300, 600), (600, 300), (300, 300)])
def test_it_accepts_a_portrait_of_exactly_300_px_on_a_side(media, workdir, width, height):
    assert not prepare_portrait(media.image(width, height), workdir).changed


@pytest.mark.parametrize("width, height", [(300, 750), (750, 300), (1000, 2500)])
def test_it_accepts_exactly_1_to_2_5_and_2_5_to_1(media, workdir, width, height):
    assert not prepare_portrait(media.image(width, height), workdir).changed


@pytest.mark.parametrize(
    "width, height, shape",
    [(300, 751, "1:2.503"), (751, 300, "2.503:1"), (1000, 2501, "1:2.501"), (400, 1040, "1:2.6")],
)
def test_it_rejects_a_portrait_just_beyond_the_aspect_ratio_range(
    media, workdir, width, height, shape
):
    error = refusal(media.image(width, height), workdir)

    assert error.code == "aspect_ratio"
    assert error.message == (
        f"This photo is {width} × {height} pixels ({shape}); Kling needs an aspect ratio"
        " between 1:2.5 and 2.5:1. Try cropping it closer to a square."
    )


def test_it_measures_the_size_after_the_exif_orientation(media, workdir):
    # Stored 420 wide and 280 high, shown turned a quarter: 280 × 420.
    path = media.jpeg_with_exif(420, 280, orientation=6)

    error = refusal(path, workdir)

    assert "280 × 420 pixels" in error.message


# --- Pixel bombs --------------------------------------------------------------------


def test_it_refuses_a_pixel_bomb_before_decoding_it(media, workdir):
    path = media.pixel_bomb(10_000, 5_001)  # 50,010,000 pixels in a file of about 50 KB
    assert path.stat().st_size < 100_000

    error = refusal(path, workdir)

    assert error.code == "too_many_pixels"
    assert error.message == (
        "This photo has 50,010,000 pixels (10000 × 5001); we can take at most 50 million"
        " pixels. Try a smaller export."
    )


def test_it_decodes_a_portrait_of_exactly_the_pixel_cap(media, workdir):
    info = inspect_portrait(media.pixel_bomb(10_000, 5_000))

    assert info.width * info.height == PORTRAIT_MAX_PIXELS
    assert info.accepted


@pytest.mark.parametrize(
    "width, height, message",
    [
        # Over Pillow's own limit: Pillow warns, which we turn into a refusal.
        (10_000, 10_000, "This photo has 100 million pixels;"),
        # Over twice Pillow's limit: Pillow raises DecompressionBombError.
        (20_000, 20_000, "This photo has 400 million pixels;"),
    ],
)
def test_it_turns_pillow_s_decompression_bomb_checks_into_refusals(
    media, workdir, width, height, message
):
    error = refusal(media.pixel_bomb(width, height), workdir)

    assert error.code == "too_many_pixels"
    assert error.message.startswith(message)


def test_it_lets_no_decompression_bomb_warning_escape(media):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # as `pytest -W error` would
        info = inspect_portrait(media.pixel_bomb(10_000, 10_000))

    assert info.code == "too_many_pixels"


# --- Not a portrait, or a damaged one --------------------------------------------------


@pytest.mark.parametrize("name", ["page.png", "page.jpg"])
def test_it_refuses_an_html_file_with_an_image_extension(media, workdir, name):
    error = refusal(media.html(name), workdir)

    assert error.code == "not_a_portrait"
    assert error.message == (
        "This file is not a photo we can read; Kling needs a JPEG or PNG image."
    )


def test_it_refuses_a_voiceover_uploaded_as_a_portrait(media, workdir):
    error = refusal(media.tone(3, "mp3"), workdir)

    assert error.code == "not_a_portrait"
    assert "sound recording, not a photo" in error.message


def test_it_names_a_photo_format_kling_does_not_take(media, workdir):
    path = media.image(600, 800, "tiff")

    error = refusal(path, workdir)

    assert error.code == "unsupported_format"
    assert error.message == (
        "This photo is a TIFF image; Kling needs JPEG or PNG. Export it as JPEG and upload"
        " it again."
    )


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp", "gif"])
def test_it_refuses_a_truncated_portrait(media, workdir, fmt):
    path = media.truncated(media.image(600, 800, fmt) if fmt != "gif" else media.gif(600, 800))

    error = refusal(path, workdir)

    assert error.code == "damaged"
    assert error.message.startswith("This file seems damaged: it starts like a")
    assert error.message.endswith("Try exporting it again.")


def test_it_refuses_an_empty_file(media, workdir):
    error = refusal(media.bytes_file("empty.png", b""), workdir)

    assert error.code == "empty"


def test_it_refuses_a_path_with_no_file(tmp_path, workdir):
    error = refusal(tmp_path / "gone.png", workdir)

    assert error.code == "missing"


def test_it_refuses_an_animated_gif(media, workdir):
    error = refusal(media.gif(600, 800, frames=3), workdir)

    assert error.code == "animated"
    assert error.message == (
        "This GIF image is animated (3 frames); Kling needs a still photo. Export one frame"
        " as JPEG or PNG."
    )


# --- Inspecting ---------------------------------------------------------------------


def test_inspect_reports_the_measurements_of_a_refused_portrait(media):
    info = inspect_portrait(media.image(280, 420))

    assert (info.accepted, info.conformable, info.refused) == (False, False, True)
    assert (info.code, info.width, info.height, info.format) == ("too_small", 280, 420, "png")
    assert info.reason.startswith("This photo is 280 × 420 pixels;")


def test_inspect_says_what_prepare_would_change(media):
    info = inspect_portrait(media.image(600, 800, "webp"))

    assert (info.accepted, info.conformable, info.refused) == (False, True, False)
    assert info.reason == "Kling does not take WebP images; we can convert it to JPEG."
    assert info.changes == ("convert WebP to JPEG",)
