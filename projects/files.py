"""Serving stored files through views that already checked access.

Videos need byte ranges (browsers seek with them, Safari will not play
without), so this answers a single ``Range: bytes=a-b`` request with 206.
"""

import os
import re
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class _Window:
    """A read-only view of [start, start + length) of a file, for FileResponse."""

    def __init__(self, fh, start, length):
        self.fh = fh
        self.remaining = length
        fh.seek(start)

    def read(self, size=-1):
        if self.remaining <= 0:
            return b""
        if size < 0 or size > self.remaining:
            size = self.remaining
        data = self.fh.read(size)
        self.remaining -= len(data)
        return data

    def close(self):
        self.fh.close()


def _disposition(filename: str, download: bool) -> str:
    kind = "attachment" if download else "inline"
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "") or "file"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def serve_file(
    request,
    field,
    *,
    content_type: str,
    filename: str,
    download: bool = False,
    private: bool = True,
):
    fh = field.open("rb")
    try:
        size = os.fstat(fh.fileno()).st_size
    except (AttributeError, OSError):  # storages without OS-level files
        size = field.size
    match = RANGE.match(request.headers.get("Range", ""))
    if match and (match.group(1) or match.group(2)):
        first, last = match.groups()
        if first:
            start, end = int(first), int(last) if last else size - 1
        else:
            start, end = max(0, size - int(last)), size - 1
        end = min(end, size - 1)
        if start > end or start >= size:
            fh.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = FileResponse(
            _Window(fh, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(fh, content_type=content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = _disposition(filename, download)
    response["Cache-Control"] = "private, max-age=3600" if private else "no-store"
    return response


def serve_render_file(request, render_obj, which, download):
    """One of a render's files (the video, Kling's watermarked copy, the
    poster), named after the project; for members and share links alike."""
    field = {
        "video": render_obj.video,
        "watermarked": render_obj.watermarked_video,
        "poster": render_obj.poster,
    }.get(which)
    if not field:
        raise Http404("This video is not ready yet.")
    if which == "poster":
        return serve_file(request, field, content_type="image/jpeg", filename="poster.jpg")
    slug = "".join(c if c.isalnum() else "-" for c in render_obj.project.name)[:40].strip("-")
    suffix = "-watermarked" if which == "watermarked" else ""
    return serve_file(
        request,
        field,
        content_type="video/mp4",
        filename=f"{slug or 'video'}-v{render_obj.version}{suffix}.mp4",
        download=download,
    )
