"""What a file is, from its first bytes: never from its name or the browser's type.

Only signatures are read here; the decoders (Pillow, mutagen, ffmpeg) are then
told which single format to expect, so that a file cannot pass as one format
by being half of another.
"""

from dataclasses import dataclass

_HEAD_BYTES = 4096
# ISO base media ("ftyp") brands that are still images, not sound: HEIF with
# HEVC inside (iPhone photos: "heic"), or the generic image brands ("mif1"
# still images, "msf1" image sequences), which AVIF files may carry too.
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_GENERIC_IMAGE_BRANDS = {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}


@dataclass(frozen=True)
class Sniffed:
    """`kind` is "portrait", "voiceover" or None; `format` a key of limits.FORMAT_LABELS.

    `demuxer` is the ffmpeg input format to force for sound files.
    """

    kind: str | None = None
    format: str | None = None
    demuxer: str | None = None


UNKNOWN = Sniffed()


def sniff(path):
    """Return what the file at `path` holds. Raises OSError if it cannot be read."""
    with open(path, "rb") as fp:
        head = fp.read(_HEAD_BYTES)
        image = _sniff_image(head)
        if image is not None:
            return image
        if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
            return Sniffed("voiceover", "wav", "wav")
        if head[4:8] == b"ftyp":
            return Sniffed("voiceover", "m4a", "mov")
        if head[:4] == b"OggS":
            if b"OpusHead" in head[:512]:
                return Sniffed("voiceover", "opus", "ogg")
            if b"\x01vorbis" in head[:512]:
                return Sniffed("voiceover", "ogg", "ogg")
            if b"\x7fFLAC" in head[:512]:
                return Sniffed("voiceover", "flac", "ogg")
            return UNKNOWN
        if head[:4] == b"\x1a\x45\xdf\xa3":
            return Sniffed("voiceover", "webm", "matroska")
        # MP3, ADTS AAC and FLAC may start with one or more ID3v2 tags.
        offset = 0
        while head[:3] == b"ID3" and len(head) >= 10:
            offset += _id3_size(head)
            fp.seek(offset)
            head = fp.read(_HEAD_BYTES)
        head = head.lstrip(b"\x00")  # padding some taggers leave after the tag
        return _sniff_stream(head)


def _sniff_image(head):
    if head[:3] == b"\xff\xd8\xff":
        return Sniffed("portrait", "jpeg")
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return Sniffed("portrait", "png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("portrait", "gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("portrait", "webp")
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS | _AVIF_BRANDS:
        return Sniffed("portrait", _heif_format(head))
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return Sniffed("portrait", "tiff")
    if head[:4] == b"8BPS":
        return Sniffed("portrait", "psd")
    if head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00" and len(head) > 26:
        return Sniffed("portrait", "bmp")
    return None


def _heif_format(head):
    """ "heic" or "avif", from an image "ftyp" box: its major brand, then, for a
    generic major brand, the compatible brands that follow it (an AVIF photo
    may say "mif1" first and "avif" only among them)."""
    major = head[8:12]
    if major in _AVIF_BRANDS:
        return "avif"
    if major in _GENERIC_IMAGE_BRANDS:
        box_size = int.from_bytes(head[:4], "big")
        compatible = head[16 : min(box_size, len(head))]
        brands = {compatible[i : i + 4] for i in range(0, len(compatible) - 3, 4)}
        if brands & _AVIF_BRANDS and not brands & (_HEIC_BRANDS - _GENERIC_IMAGE_BRANDS):
            return "avif"
    return "heic"


def _id3_size(head):
    """Bytes taken by the ID3v2 tag at the start of `head` (header, body, footer)."""
    body = 0
    for byte in head[6:10]:
        body = (body << 7) | (byte & 0x7F)  # "syncsafe" integer: 7 bits per byte
    footer = 10 if head[5] & 0x10 else 0
    return 10 + body + footer


def _sniff_stream(head):
    if head[:4] == b"fLaC":
        return Sniffed("voiceover", "flac", "flac")
    if len(head) < 4 or head[0] != 0xFF:
        return UNKNOWN
    b1, b2 = head[1], head[2]
    if b1 & 0xF6 == 0xF0 and (b2 >> 2) & 0x0F < 13:
        # ADTS: 12 sync bits, layer 00, a valid sampling-frequency index.
        return Sniffed("voiceover", "aac", "aac")
    version, layer = (b1 >> 3) & 0x03, (b1 >> 1) & 0x03
    bitrate_index, rate_index = b2 >> 4, (b2 >> 2) & 0x03
    if (
        b1 & 0xE0 == 0xE0  # 11 sync bits
        and version != 1  # 1 is reserved
        and layer == 1  # Layer III
        and bitrate_index not in (0, 15)  # free-format and invalid
        and rate_index != 3  # reserved
    ):
        return Sniffed("voiceover", "mp3", "mp3")
    return UNKNOWN


def detect_kind(path):
    """Say "portrait", "voiceover" or None, from the file's content alone."""
    try:
        return sniff(path).kind
    except OSError:
        return None
