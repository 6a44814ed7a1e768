""" "Download all" on a review room: one ZIP of the link's videos, written
while it is sent.

Nothing is held whole in memory: zipfile writes to a sink that cannot seek
(it then puts each file's sizes and checksum after its bytes), videos are
stored as they are (ZIP_STORED: an MP4 does not compress), and every chunk
read from storage is handed on before the next one is read. Files over 4 GiB
get ZIP64 records because each entry's size is announced before it is written.
"""

import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.utils import timezone

from projects.filenames import download_name
from projects.renders.titles import shown_title

CHUNK = 64 * 1024
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class _Sink:
    """A write-only, unseekable file that keeps what was written until it is
    taken."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def entry_names(renders) -> list[tuple[str, object]]:
    """(name in the ZIP, render) for each render with a video, named by its
    title; a title used twice gets " (2)", " (3)"… in the order shown."""
    named, taken = [], set()
    for render in renders:
        if not render.video:
            continue
        stem = download_name(shown_title(render), "mp4")[: -len(".mp4")]
        name, n = f"{stem}.mp4", 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem} ({n}).mp4"
        taken.add(name.casefold())
        named.append((name, render))
    return named


def zip_stream(
    files: Iterable[tuple[str, object, datetime]], chunk: int = CHUNK
) -> Iterator[bytes]:
    """The bytes of a ZIP holding each (name, stored file field, when it was
    made), in pieces of about ``chunk`` bytes."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, field, when in files:
            info = zipfile.ZipInfo(name, date_time=_zip_time(when))
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = field.size  # ZIP64 records for files over 4 GiB
            with field.storage.open(field.name, "rb") as source, archive.open(info, "w") as dest:
                while data := source.read(chunk):
                    dest.write(data)
                    yield from _some(sink)
            yield from _some(sink)
    yield from _some(sink)


def _some(sink):
    data = sink.take()
    if data:
        yield data


def _zip_time(when: datetime | None):
    """A ZIP's date (local time, from 1980 on, to the second)."""
    if when is None:
        return ZIP_EPOCH
    local = timezone.localtime(when) if timezone.is_aware(when) else when
    return max(ZIP_EPOCH, local.timetuple()[:6])
