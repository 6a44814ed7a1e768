"""PNG files made by hand, chunk by chunk, for what no encoder writes."""

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunk(kind, data):
    """One PNG chunk: length, type, data and its CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_of(width, height, pixel_data, *, colour_type=2, bit_depth=8, interlace=0):
    """This header, and `pixel_data` (rows with their filter bytes) compressed
    into one IDAT, however much or little it holds."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, interlace)
    return (
        SIGNATURE
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(pixel_data, 9))
        + png_chunk(b"IEND", b"")
    )


def incomplete_png(rows=2):
    """The review's crafted PNG (issue #12): 7000 × 7000 RGB in its header, then
    `rows` rows of pixel data in a zlib stream that ends properly. Pillow
    decodes it without an error; about a hundred bytes in all."""
    return png_of(7000, 7000, (b"\x00" + b"\x40" * 7000 * 3) * rows)
