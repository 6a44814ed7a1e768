"""The names files get when people download them: a video's title, made safe
for every system's file names.

A ``Content-Disposition`` header carries the name twice: ``filename*`` with
the title as people wrote it (UTF-8, percent-encoded, RFC 6266), and
``filename`` with a plain-ASCII spelling for the few clients that read only
that one ("Astronaut — Spring EN" → "Astronaut - Spring EN").
"""

import unicodedata
from urllib.parse import quote

# Characters no file name may hold on one system or another, and the
# invisible ones (line breaks, tabs) that would break a header.
_FORBIDDEN = set('/\\:*?"<>|')
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_QUOTES = {ord("“"): "'", ord("”"): "'", ord("‘"): "'", ord("’"): "'", ord("…"): "..."}
MAX_STEM = 120


def safe_stem(text: str, fallback: str = "video") -> str:
    """A file name without extension from ``text``: the characters file
    systems refuse become "-", runs of spaces one space, no dot or space at
    either end (no hidden files, no "..")."""
    cleaned = []
    for ch in str(text):
        if unicodedata.category(ch)[0] in "CZ" and ch != " ":
            cleaned.append(" ")
        elif ch in _FORBIDDEN:
            cleaned.append("-")
        else:
            cleaned.append(ch)
    stem = " ".join("".join(cleaned).split())[:MAX_STEM].strip(" .")
    return stem or fallback


def ascii_name(filename: str) -> str:
    """The same name in plain ASCII: accents dropped, dashes and curly quotes
    made plain, anything else left out."""
    text = filename.translate(_DASHES).translate(_QUOTES)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    stem = safe_stem(stem, fallback="file")
    return f"{stem}.{ext}" if ext else stem


def download_name(title: str, extension: str, *, note: str = "") -> str:
    """A download's name from a title: "Astronaut — Spring EN.mp4", or with a
    note, "Astronaut — Spring EN (watermarked).mp4"."""
    stem = safe_stem(title)
    return f"{stem} ({note}).{extension}" if note else f"{stem}.{extension}"


def content_disposition(filename: str, download: bool) -> str:
    kind = "attachment" if download else "inline"
    return f"{kind}; filename=\"{ascii_name(filename)}\"; filename*=UTF-8''{quote(filename)}"
