"""A PNG whose pixel data ends early is refused, though Pillow decodes it.

Security review, issue #12: a crafted 134-byte PNG was accepted as a 7000 × 7000
portrait. Its compressed data ends cleanly after a few rows, and Pillow leaves
the other rows blank without an error.
"""

import struct
import zlib

import pytest
from PIL import Image

from projects.media import inspect_portrait, prepare_portrait
from projects.media.png_data import is_complete, needed_bytes
from tests.crafted_png import incomplete_png, png_of

from .conftest import ffmpeg
from .conftest import portrait_refusal as refusal


def test_pillow_decodes_the_crafted_png_without_an_error(tmp_path):
    # Why Pillow's load() is not enough: this is what the review found.
    path = tmp_path / "crafted.png"
    path.write_bytes(incomplete_png())
    assert len(path.read_bytes()) < 200
    with Image.open(path) as image:
        image.load()
        assert image.size == (7000, 7000)


def test_the_crafted_png_is_refused_with_a_plain_sentence(tmp_path, workdir):
    path = tmp_path / "crafted.png"
    path.write_bytes(incomplete_png())

    error = refusal(path, workdir)

    assert error.code == "incomplete"
    assert error.message == (
        "This photo's file is incomplete: it says it is 7000 × 7000 pixels, but its picture"
        " data stops early. Try exporting it again."
    )
    info = inspect_portrait(path)
    assert info.refused and not info.accepted and info.code == "incomplete"
    assert not workdir.exists()


def test_a_png_one_row_short_is_refused_and_a_whole_one_accepted(tmp_path, workdir):
    row = b"\x00" + b"\x80\x40\x20" * 400
    short, whole = tmp_path / "short.png", tmp_path / "whole.png"
    short.write_bytes(png_of(400, 500, row * 499))
    whole.write_bytes(png_of(400, 500, row * 500))

    assert refusal(short, workdir).code == "incomplete"
    assert prepare_portrait(whole, workdir).path == whole


def test_an_interlaced_png_missing_its_last_pass_is_refused(tmp_path, workdir):
    # Adam7's seventh pass is the odd rows: every other row, each one full width.
    width, height = 400, 500
    whole = needed_bytes(width, height, 8, 2, 1)
    last_pass = (height // 2) * (1 + width * 3)
    path = tmp_path / "interlaced.png"
    path.write_bytes(png_of(width, height, b"\x00" * (whole - last_pass), interlace=1))

    assert refusal(path, workdir).code == "incomplete"


# --- What real encoders write is exactly what the header needs ------------------------

PIXEL_FORMATS = ["rgb24", "rgba", "gray", "ya8", "rgb48be", "gray16be", "pal8", "monob"]


def idat_data(path):
    data, pixels, offset = path.read_bytes(), b"", 8
    header = None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        if kind == b"IDAT":
            pixels += body
        offset += length + 12
    return header, zlib.decompress(pixels)


@pytest.mark.parametrize("interlaced", [False, True], ids=["progressive", "interlaced"])
@pytest.mark.parametrize("size", ["1x1", "3x2", "33x17", "300x301"])
@pytest.mark.parametrize("pixel_format", PIXEL_FORMATS)
def test_encoders_write_the_bytes_the_header_needs(tmp_path, pixel_format, size, interlaced):
    path = tmp_path / "encoded.png"
    flags = ["-flags", "+ildct"] if interlaced else []
    source = ["-f", "lavfi", "-i", f"testsrc=size={size}", "-frames:v", "1"]
    ffmpeg(*source, "-pix_fmt", pixel_format, *flags, str(path))

    (width, height, depth, colour, _, _, interlace), pixels = idat_data(path)

    assert interlace == int(interlaced)
    assert len(pixels) == needed_bytes(width, height, depth, colour, interlace)
    assert is_complete(path)


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
@pytest.mark.parametrize(("width", "height"), [(600, 800), (301, 333)])
def test_ordinary_portraits_still_pass(media, workdir, fmt, width, height):
    path = media.image(width, height, fmt)
    assert inspect_portrait(path).accepted
    assert prepare_portrait(path, workdir).path == path


def test_a_portrait_with_transparency_still_passes(media, workdir):
    path = media.image(600, 800, "png", mode="RGBA")
    assert not inspect_portrait(path).refused
