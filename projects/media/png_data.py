"""Whether a PNG holds all the pixel data its header announces.

Pillow's PNG decoder stops without an error when the compressed pixel data
ends cleanly (zlib's end of stream) after a whole row: the rows after it stay
blank, and a file of a hundred bytes can claim 7000 × 7000 pixels and decode.
So the IDAT chunks are inflated once more, counting the bytes without keeping
them, and the count compared with what the header's size, bit depth, colour
type and interlacing need. Reading stops as soon as there is enough.
"""

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by colour type: grey, RGB, palette, grey+A, RGBA
# Adam7 interlacing: (first column, first row, column step, row step) of each pass.
_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)
_PIECE = 1 << 20  # bytes read, and inflated, at a time


def needed_bytes(width, height, bit_depth, colour_type, interlaced):
    """The inflated pixel data a PNG of this header holds: each row's bytes
    and its one filter byte, for each interlacing pass."""
    bits = bit_depth * _CHANNELS[colour_type]

    def rows(columns, count):
        return count * (1 + (columns * bits + 7) // 8) if columns and count else 0

    if not interlaced:
        return rows(width, height)
    return sum(
        rows((width - x + dx - 1) // dx, (height - y + dy - 1) // dy) for x, y, dx, dy in _ADAM7
    )


def is_complete(path):
    """False if the PNG at `path` has less pixel data than its header says.

    Only for a file Pillow opened and decoded: anything else it would have
    refused (a bad signature or header) reads as complete here."""
    with open(path, "rb") as fh:
        if fh.read(8) != SIGNATURE:
            return True
        header = _chunk_head(fh)
        if header is None or header[1] != b"IHDR" or header[0] < 13:
            return True
        ihdr = fh.read(header[0])
        width, height, bit_depth, colour_type, _, _, interlace = struct.unpack(
            ">IIBBBBB", ihdr[:13]
        )
        if colour_type not in _CHANNELS:
            return True
        fh.read(4)  # CRC
        return _inflated_at_least(
            fh, needed_bytes(width, height, bit_depth, colour_type, interlace)
        )


def _chunk_head(fh):
    head = fh.read(8)
    if len(head) < 8:
        return None
    return struct.unpack(">I4s", head)


def _inflated_at_least(fh, needed):
    """Whether the IDAT chunks from here on inflate to `needed` bytes or more."""
    inflater = zlib.decompressobj()
    count = 0
    while count < needed and not inflater.eof:
        header = _chunk_head(fh)
        if header is None or header[1] == b"IEND":
            break
        length, kind = header
        if kind != b"IDAT":
            fh.seek(length + 4, 1)  # its data and CRC
            continue
        while length > 0 and count < needed and not inflater.eof:
            piece = fh.read(min(length, _PIECE))
            if not piece:
                return False
            length -= len(piece)
            try:
                count += _count(inflater, piece, needed - count)
            except zlib.error:
                return False
        fh.seek(length + 4, 1)
    return count >= needed


def _count(inflater, data, enough):
    """How many bytes `data` inflates to, a piece at a time, up to about `enough`."""
    count = len(inflater.decompress(data, _PIECE))
    while count < enough and inflater.unconsumed_tail and not inflater.eof:
        count += len(inflater.decompress(inflater.unconsumed_tail, _PIECE))
    return count
