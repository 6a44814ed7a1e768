"""Numbers and names as people read them in refusals and notes.

A measured value is never printed so that it reads like the limit it broke:
a file of 10 MB plus one byte is "10,485,761 bytes", not "10.0 MB", and a
voiceover of 300.04 seconds is "300.04 seconds", not "300.0 seconds".
"""

from fractions import Fraction

from projects.wording import limit_words, size_words

from . import limits
from .limits import FORMAT_LABELS


def label(fmt):
    """'webp' -> 'WebP'."""
    return FORMAT_LABELS.get(fmt, (fmt or "unknown").upper())


def with_article(words):
    """The article our format names take when read aloud: "an MP3", "a WAV", "a FLAC"."""
    return f"an {words}" if words[:1] in "AEIOM" else f"a {words}"


def labels(formats, *, last="or"):
    """('mp3', 'wav', 'm4a') -> 'MP3, WAV or M4A'."""
    names = [label(fmt) for fmt in formats]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


def limit_size(limit):
    """A limit in bytes as Kling writes it: 10485760 -> '10 MB'."""
    return limit_words(limit)


def size(value, *, limit=None):
    """A measured file size: '12.3 MB', '840 KB', or exact bytes next to `limit`."""
    text = size_words(value)
    if limit is not None and value != limit and text in (limit_words(limit), size_words(limit)):
        return f"{value:,} bytes"
    return text


def _distinct(value, boundaries, *, decimals=1, most=6):
    """`value` with as few decimals as keep it from reading as a boundary it is not."""
    for places in range(decimals, most + 1):
        text = f"{value:.{places}f}"
        if not any(
            text == f"{boundary:.{places}f}" and value != boundary for boundary in boundaries
        ):
            return text
    return text


def seconds(value, *, boundaries=()):
    """'1.9 seconds'; '300.04 seconds' next to a 300-second limit."""
    return f"{_distinct(value, boundaries)} seconds"


def pixels(width, height):
    """'280 × 420 pixels'."""
    return f"{width} × {height} pixels"


def pixel_count(count, *, limit=None):
    """52000000 -> '52 million pixels'; 50000001 next to a 50 million limit -> exact."""
    text = f"{count / 1_000_000:.1f}".removesuffix(".0") + " million pixels"
    if limit is not None and count != limit and text == pixel_count(limit):
        return f"{count:,} pixels"
    return text


def ratio(width, height, *, limit):
    """The shape of an image, next to an aspect-ratio limit: '1:2.6', '2.504:1'."""
    value = Fraction(max(width, height), min(width, height))
    text = _distinct(float(value), (float(limit),))
    text = text.rstrip("0").rstrip(".") if value == limit else text
    return f"{text}:1" if width >= height else f"1:{text}"


def _plain(value):
    """Fraction(5, 2) -> '2.5'."""
    return f"{float(value):.4f}".rstrip("0").rstrip(".")


def aspect_limits(limit):
    """Fraction(5, 2) -> ('1:2.5', '2.5:1')."""
    return f"1:{_plain(limit)}", f"{_plain(limit)}:1"


def upload_hint() -> str:
    """What the upload panel asks for, built from the limits: one sentence on
    what Kling takes, one on the formats we convert for it."""
    from_formats = labels(limits.PORTRAIT_FORMATS)
    voice_formats = labels(limits.VOICEOVER_FORMATS)
    side = limits.PORTRAIT_MIN_SIDE
    longest = (
        f"{limits.VOICEOVER_MAX_SECONDS // 60} minutes"
        if limits.VOICEOVER_MAX_SECONDS % 60 == 0
        else f"{limits.VOICEOVER_MAX_SECONDS} seconds"
    )
    return (
        f"A clear, front-facing photo ({from_formats}, at least {side} × {side} pixels) "
        f"and a voiceover of {limits.VOICEOVER_MIN_SECONDS} seconds to {longest} "
        f"({voice_formats}). We convert {labels(limits.PORTRAIT_CONVERTIBLE_FORMATS, last='and')}"
        f" photos, and {labels(limits.VOICEOVER_CONVERTIBLE_FORMATS, last='and')} recordings."
    )
