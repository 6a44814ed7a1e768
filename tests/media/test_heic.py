"""HEIC photos (what iPhones take) are recognised by their content and converted
to JPEG or PNG, like WebP; the files here are real HEIC, written by pillow-heif."""

import os

import pytest
from PIL import ExifTags, Image

from projects.media import detect_kind, inspect_portrait, limits, prepare_portrait
from projects.media.sniff import sniff
from projects.media.wording import upload_hint

from .conftest import decoded_image
from .conftest import portrait_refusal as refusal


def heic(directory, name, image, **save):
    """`image` written as a real HEIC file (HEVC inside) by pillow-heif."""
    path = directory / name
    image.save(path, "HEIF", **save)
    assert path.read_bytes()[4:12] == b"ftypheic"
    return path


def two_colours(width, height, mode="RGB"):
    red, blue = ((255, 0, 0, 255), (0, 0, 255, 255)) if mode == "RGBA" else ("red", "blue")
    image = Image.new(mode, (width, height), red)
    image.paste(blue, (width // 2, 0, width, height))
    return image


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    directory = tmp_path_factory.mktemp("heic")
    clear = two_colours(600, 800, "RGBA")
    clear.paste((0, 0, 255, 0), (300, 0, 600, 800))  # the right half fully transparent
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # turn 90° clockwise to view
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 22.0, 30.0),
    }
    noise = Image.frombytes("RGB", (600, 800), os.urandom(600 * 800 * 3))
    return {
        "opaque": heic(directory, "IMG_0001.HEIC", two_colours(600, 800)),
        "clear": heic(directory, "clear.heic", clear),
        "phone": heic(directory, "phone.heic", two_colours(400, 800), exif=exif.tobytes()),
        "small": heic(directory, "small.heic", two_colours(280, 420)),
        "noise": heic(directory, "noise.heic", noise, quality=50),
    }


# --- Recognised by content ------------------------------------------------------


def test_a_heic_photo_is_a_portrait_whatever_its_name(photos, tmp_path):
    renamed = tmp_path / "voice.mp3"
    renamed.write_bytes(photos["opaque"].read_bytes())

    for path in (photos["opaque"], renamed):
        assert detect_kind(path) == "portrait"
        assert sniff(path).format == "heic"


def ftyp(major, *compatible):
    brands = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (8 + len(brands)).to_bytes(4, "big") + b"ftyp" + brands + b"\x00" * 64


@pytest.mark.parametrize(
    "head, fmt",
    [
        (ftyp(b"heic", b"mif1", b"heic"), "heic"),
        (ftyp(b"heix", b"mif1"), "heic"),
        (ftyp(b"mif1", b"heic"), "heic"),
        (ftyp(b"msf1", b"hevc"), "heic"),
        (ftyp(b"mif1", b"mif1", b"heic"), "heic"),
        # An AVIF photo may carry the generic brand first: not a HEIC.
        (ftyp(b"mif1", b"avif", b"mif1", b"miaf"), "avif"),
        (ftyp(b"avif", b"mif1"), "avif"),
        # A sound file in the same kind of box stays a sound file.
        (ftyp(b"M4A ", b"isom"), "m4a"),
    ],
)
def test_the_brands_of_the_ftyp_box_say_heic_avif_or_sound(tmp_path, head, fmt):
    path = tmp_path / "upload"
    path.write_bytes(head)

    assert sniff(path).format == fmt


def test_an_avif_photo_is_still_refused_by_name_not_as_a_damaged_heic(tmp_path, workdir):
    path = tmp_path / "photo.avif"
    path.write_bytes(ftyp(b"mif1", b"avif", b"mif1"))

    error = refusal(path, workdir)

    assert error.code == "unsupported_format"
    assert error.message.startswith("This photo is an AVIF image; Kling needs JPEG or PNG.")


# --- Converted ------------------------------------------------------------------


def test_an_opaque_heic_photo_becomes_a_jpeg_with_a_note(photos, workdir):
    prepared = prepare_portrait(photos["opaque"], workdir)

    assert prepared.changed
    assert (prepared.format, prepared.extension, prepared.content_type) == (
        "jpeg",
        ".jpg",
        "image/jpeg",
    )
    assert prepared.notes == ["We converted this HEIC image to JPEG, which Kling accepts."]
    image, fmt, _exif, _info = decoded_image(prepared.path)
    assert (fmt, image.size) == ("JPEG", (600, 800))
    red, blue = image.getpixel((100, 400)), image.getpixel((500, 400))
    assert red[0] > 200 and red[2] < 60 and blue[2] > 200 and blue[0] < 60
    assert inspect_portrait(prepared.path).accepted


def test_a_transparent_heic_photo_becomes_a_png_keeping_the_transparency(photos, workdir):
    prepared = prepare_portrait(photos["clear"], workdir)

    assert prepared.format == "png"
    assert prepared.notes == [
        "We converted this HEIC image to PNG, which Kling accepts, keeping its transparency."
    ]
    image, _fmt, _exif, _info = decoded_image(prepared.path)
    assert image.getpixel((500, 400))[3] == 0 and image.getpixel((100, 400))[3] == 255


def test_a_phone_s_heic_is_upright_and_loses_its_location(photos, workdir):
    # Stored 400 wide and 800 high with orientation 6: 800 × 400 as displayed.
    info = inspect_portrait(photos["phone"])
    prepared = prepare_portrait(photos["phone"], workdir)

    assert (info.width, info.height, info.has_location) == (800, 400, True)
    assert info.changes == ("convert HEIC to JPEG", "remove location (GPS) data")
    assert (prepared.width, prepared.height) == (800, 400)
    assert "We removed the location (GPS) data from this photo." in prepared.notes
    image, _fmt, exif, _info = decoded_image(prepared.path)
    assert image.size == (800, 400)
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)


def test_inspect_says_a_heic_would_be_converted(photos):
    info = inspect_portrait(photos["opaque"])

    assert (info.accepted, info.conformable, info.refused) == (False, True, False)
    assert info.format == "heic"
    assert info.reason == "Kling does not take HEIC images; we can convert it to JPEG."
    assert info.changes == ("convert HEIC to JPEG",)


# --- Refused like any photo -----------------------------------------------------


def test_a_heic_photo_too_small_for_kling_is_refused_with_its_size(photos, workdir):
    error = refusal(photos["small"], workdir)

    assert error.code == "too_small"
    assert error.message.startswith("This photo is 280 × 420 pixels;")


@pytest.mark.parametrize("keep", [0.5, 0.95])
def test_a_cut_short_heic_is_refused_as_damaged(photos, tmp_path, workdir, keep):
    data = photos["noise"].read_bytes()
    path = tmp_path / "cut.heic"
    path.write_bytes(data[: int(len(data) * keep)])

    error = refusal(path, workdir)

    assert error.code == "damaged"
    assert "it starts like a HEIC image" in error.message


# --- Said where people upload ---------------------------------------------------


def test_the_upload_hint_names_the_formats_we_convert(monkeypatch):
    assert upload_hint().endswith(
        "We convert WebP, GIF and HEIC photos, and Ogg Vorbis, Opus, FLAC and WebM recordings."
    )
    monkeypatch.setattr(limits, "PORTRAIT_CONVERTIBLE_FORMATS", ("webp",))

    assert "We convert WebP photos," in upload_hint()
