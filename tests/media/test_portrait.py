"""Portraits: Kling takes JPEG/PNG, at most 10 MB, each side at least 300 px, aspect
ratio 1:2.5 to 2.5:1. We conform what can be fixed and refuse the rest in one sentence."""

import hashlib
import warnings

import pytest
from PIL import ExifTags, Image

from projects.media import MediaRefused, inspect_portrait, portrait, prepare_portrait
from projects.media.limits import PORTRAIT_MAX_BYTES, PORTRAIT_MAX_PIXELS

from .conftest import MB, decoded_image


def refusal(path, workdir):
    with pytest.raises(MediaRefused) as caught:
        prepare_portrait(path, workdir)
    assert caught.value.kind == "portrait"
    return caught.value


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


# --- Auto-conform ---------------------------------------------------------------------


def test_it_converts_an_opaque_webp_to_jpeg(media, workdir):
    prepared = prepare_portrait(media.image(600, 800, "webp"), workdir)

    assert prepared.changed
    assert prepared.path.parent == workdir
    assert (prepared.format, prepared.extension, prepared.content_type) == (
        "jpeg",
        ".jpg",
        "image/jpeg",
    )
    assert prepared.notes == ["We converted this WebP image to JPEG, which Kling accepts."]
    image, fmt, _exif, _info = decoded_image(prepared.path)
    assert (fmt, image.size) == ("JPEG", (600, 800))
    assert prepared.sha256 == hashlib.sha256(prepared.path.read_bytes()).hexdigest()
    assert prepared.bytes == prepared.path.stat().st_size


def test_it_converts_a_transparent_webp_to_png_keeping_the_transparency(media, workdir):
    path = media.image(600, 800, "webp", mode="RGBA", name="clear.webp", lossless=True)
    with Image.open(path) as image:
        image.putalpha(0)
        image.save(path, "WEBP", lossless=True)

    prepared = prepare_portrait(path, workdir)

    assert prepared.format == "png"
    assert prepared.notes == [
        "We converted this WebP image to PNG, which Kling accepts, keeping its transparency."
    ]
    image, _fmt, _exif, _info = decoded_image(prepared.path)
    assert image.getchannel("A").getextrema() == (0, 0)


def test_it_converts_a_still_gif(media, workdir):
    prepared = prepare_portrait(media.gif(600, 800), workdir)

    assert prepared.format in ("png", "jpeg")
    assert prepared.notes[0].startswith("We converted this GIF image to")
    assert inspect_portrait(prepared.path).accepted


def test_it_turns_a_photo_upright_from_its_exif_orientation(media, workdir):
    # Stored 400 wide and 800 high, left half red; orientation 6 = turn 90° clockwise.
    path = media.jpeg_with_exif(400, 800, orientation=6)
    assert inspect_portrait(path).accepted  # Kling takes it, but would show it on its side

    prepared = prepare_portrait(path, workdir)

    assert prepared.notes == [
        "We turned this photo upright, as the orientation its camera recorded asks."
    ]
    assert (prepared.width, prepared.height) == (800, 400)
    image, fmt, exif, _info = decoded_image(prepared.path)
    assert (fmt, image.size) == ("JPEG", (800, 400))
    assert exif.get(ExifTags.Base.Orientation) is None
    # Turned clockwise, the red left half is now on top.
    top, bottom = image.getpixel((400, 50)), image.getpixel((400, 350))
    assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]


def test_it_removes_location_data_from_a_photo(media, workdir):
    path = media.jpeg_with_exif(600, 800, gps=True)
    assert Image.open(path).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    info = inspect_portrait(path)
    assert info.has_location
    assert info.changes == ("remove location (GPS) data",)

    prepared = prepare_portrait(path, workdir)

    assert prepared.notes == ["We removed the location (GPS) data from this photo."]
    _image, fmt, exif, _info = decoded_image(prepared.path)
    assert fmt == "JPEG"
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert b"GPS" not in prepared.path.read_bytes()
    assert not inspect_portrait(prepared.path).has_location


def test_it_leaves_a_photo_without_location_or_rotation_untouched(media, workdir):
    path = media.jpeg_with_exif(600, 800, orientation=1)

    assert prepare_portrait(path, workdir).path == path


def test_it_accepts_a_png_of_exactly_10_mb_as_it_is(media, workdir):
    path = media.padded_png(PORTRAIT_MAX_BYTES)

    prepared = prepare_portrait(path, workdir)

    assert not prepared.changed
    assert prepared.bytes == 10 * MB


def test_it_recompresses_a_png_of_10_mb_plus_one_byte_without_changing_a_pixel(media, workdir):
    path = media.padded_png(PORTRAIT_MAX_BYTES + 1)
    info = inspect_portrait(path)
    assert (info.accepted, info.conformable) == (False, True)
    assert info.reason == (
        "This photo is 10,485,761 bytes; Kling takes at most 10 MB, so we can re-encode it to fit."
    )

    prepared = prepare_portrait(path, workdir)

    assert prepared.format == "png"
    assert prepared.bytes <= PORTRAIT_MAX_BYTES
    assert prepared.notes == [
        f"We made this photo smaller, from 10,485,761 bytes to {prepared.bytes // 1024} KB,"
        " to fit Kling's 10 MB limit, without changing a pixel."
    ]
    before, _fmt, _exif, _info = decoded_image(path)
    after, _fmt, _exif, _info = decoded_image(prepared.path)
    assert before.tobytes() == after.tobytes()


def test_it_re_encodes_a_noisy_png_over_10_mb_as_jpeg_of_the_same_size(media, workdir):
    path = media.noise_png(2000, 1800)
    assert path.stat().st_size > PORTRAIT_MAX_BYTES

    prepared = prepare_portrait(path, workdir)

    assert (prepared.format, prepared.width, prepared.height) == ("jpeg", 2000, 1800)
    assert prepared.bytes <= PORTRAIT_MAX_BYTES
    assert prepared.notes[0].startswith("We converted this PNG photo to JPEG (quality ")
    assert prepared.notes[1].startswith("We made this photo smaller, from 10.")
    assert inspect_portrait(prepared.path).accepted


def test_it_reduces_the_dimensions_only_when_no_jpeg_quality_fits(media, workdir, monkeypatch):
    # Noise defeats JPEG; a lower limit keeps the test file small.
    monkeypatch.setattr(portrait, "PORTRAIT_MAX_BYTES", 300 * 1024)
    path = media.noise_png(1200, 1000)

    prepared = prepare_portrait(path, workdir)

    assert prepared.bytes <= 300 * 1024
    assert 300 <= prepared.height < prepared.width < 1200
    assert abs(prepared.width / prepared.height - 1.2) < 0.01
    assert (
        f"We reduced this photo from 1200 × 1000 pixels to {prepared.width} × {prepared.height}"
        " pixels to fit Kling's 300 KB limit."
    ) in prepared.notes


def test_it_refuses_to_shrink_a_portrait_below_300_px_to_fit(media, workdir, monkeypatch):
    monkeypatch.setattr(portrait, "PORTRAIT_MAX_BYTES", 20 * 1024)

    error = refusal(media.noise_png(400, 400), workdir)

    assert error.code == "cannot_fit"
    assert error.message == (
        "We could not make this photo fit Kling's 20 KB limit without making it smaller"
        " than 300 pixels on a side. Try a simpler or smaller export."
    )


def test_every_conformed_portrait_is_one_kling_accepts(media, workdir):
    paths = [
        media.image(600, 800, "webp"),
        media.gif(600, 800),
        media.jpeg_with_exif(400, 800, orientation=8, gps=True),
        media.padded_png(PORTRAIT_MAX_BYTES + 1),
    ]
    for path in paths:
        prepared = prepare_portrait(path, workdir)
        info = inspect_portrait(prepared.path)
        assert info.accepted and not info.changes, (path, info)


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
