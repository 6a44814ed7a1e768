"""Portraits Kling would refuse but we can fix: converted, turned upright, rid of
their location data, or made small enough, and always to one Kling accepts."""

import hashlib

from PIL import ExifTags, Image

from projects.media import inspect_portrait, portrait, prepare_portrait
from projects.media.limits import PORTRAIT_MAX_BYTES

from .conftest import MB, decoded_image
from .conftest import portrait_refusal as refusal

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
