"""Serving stored files through views that already checked access.

Videos need byte ranges (browsers seek with them, Safari will not play
without), so this answers a single ``Range: bytes=a-b`` request with 206 and
one that starts past the end with 416 (``Content-Range: bytes */SIZE``). A
Range header it cannot read (another unit, several ranges, garbage) is
ignored and the whole file sent, as RFC 9110 allows; numbers longer than the
file's size has digits never reach ``int()``.

Every answer must be revalidated (``no-cache``): the view's access check runs
on each request, so someone removed from a team cannot keep watching from
their browser's cache. An unchanged file is answered with 304 and no body
(``ETag``, and ``Last-Modified`` where the storage gives it for free).

The file is opened once its access was checked and closed on every path: by
the response once its body is sent, here on any other answer or error.

With media in a bucket (``MEDIA_STORAGE=s3``) nothing is streamed through the
web process: once the view's access check passed, the answer is a 302 to a
signed address of the object that expires within five minutes
(``avatarstudio/media_storage.py``), naming the file's type and
Content-Disposition in its signed parameters, so a watch-only link's copy
still plays inline and is never offered as a download. The bucket answers
byte ranges and revalidation itself. The redirect is never cached
(``private, no-store``): each play asks the view again, so access removed
today stops working at the next request, and a signed address handed out
before stops within its five minutes. Signing needs no request to the
bucket, so an object missing from it is the bucket's error, not our page.
"""

import hashlib
import os
import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from projects.filenames import content_disposition, download_name
from projects.renders.titles import shown_title

RANGE = re.compile(r"bytes=(\d*)-(\d*)", re.IGNORECASE)
UNSATISFIABLE = "unsatisfiable"


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


def byte_range(header: str, size: int):
    """The bytes a Range header asks of a file of `size` bytes: (first, last),
    both included; None to send the whole file (no header, or one this does
    not read); UNSATISFIABLE when no byte of the file is in the range."""
    match = RANGE.fullmatch(header.strip())
    if not match or not (match[1] or match[2]):
        return None
    first, last = (_capped(digits, size) for digits in match.groups())
    if first is None:  # "bytes=-N": the last N bytes, the whole file if it is shorter
        if last == 0 or size == 0:
            return UNSATISFIABLE
        return max(0, size - last), size - 1
    if first >= size or (last is not None and last < first):
        return UNSATISFIABLE
    return first, size - 1 if last is None else min(last, size - 1)


def _capped(digits: str, size: int):
    """The number `digits` spell, or size + 1 if it is larger: a number past
    the end means the same whatever its length, and int() refuses more than
    4,300 digits. None for an empty string."""
    if not digits:
        return None
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(size)):
        return size + 1
    return min(int(digits), size + 1)


def _facts(fh, field):
    """(size, last modified as a Unix time or None, ETag) of an opened file."""
    try:
        stat = os.fstat(fh.fileno())
    except (AttributeError, OSError, ValueError):  # storages without OS-level files
        size, modified, stamp = field.size, None, ""
    else:
        size, modified, stamp = stat.st_size, int(stat.st_mtime), str(stat.st_mtime_ns)
    # Stored names are generated and never reused for other bytes; the size
    # and time catch a file replaced all the same.
    digest = hashlib.sha256(f"{field.name}\0{size}\0{stamp}".encode()).hexdigest()[:32]
    return size, modified, f'"{digest}"'


def _range_applies(request, etag, modified):
    """If-Range: the range holds only if the browser's copy is this file."""
    condition = request.headers.get("If-Range")
    if condition is None:
        return True
    condition = condition.strip()
    if condition.startswith('"'):
        return condition == etag
    when = parse_http_date_safe(condition)
    return when is not None and when == modified


def _answer(request, fh, field, content_type):
    """The response for an opened file, and whether it now owns (will close) it."""
    size, modified, etag = _facts(fh, field)
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is not None:  # 304 Not Modified, or 412 for a failed If-Match
        owns = False
    else:
        wanted = None
        if _range_applies(request, etag, modified):
            wanted = byte_range(request.headers.get("Range", ""), size)
        if wanted is UNSATISFIABLE:
            response, owns = HttpResponse(status=416), False
            response["Content-Range"] = f"bytes */{size}"
        elif wanted:
            start, end = wanted
            window = _Window(fh, start, end - start + 1)
            response, owns = FileResponse(window, status=206, content_type=content_type), True
            response["Content-Length"] = str(end - start + 1)
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
        else:
            response, owns = FileResponse(fh, content_type=content_type), True
            response["Content-Length"] = str(size)
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    return response, owns


def serve_file(
    request,
    field,
    *,
    content_type: str,
    filename: str,
    download: bool = False,
    private: bool = True,
):
    if settings.MEDIA_STORAGE == "s3":
        return redirect_to_bucket(
            field, content_type=content_type, filename=filename, download=download
        )
    try:
        fh = field.open("rb")
    except FileNotFoundError:
        raise Http404("This file is no longer available.")
    owns = False
    try:
        response, owns = _answer(request, fh, field, content_type)
    finally:
        if not owns:
            fh.close()
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    if response.status_code in (200, 206):
        response["Content-Disposition"] = content_disposition(filename, download)
    response["Cache-Control"] = "private, no-cache" if private else "no-store"
    return response


def redirect_to_bucket(field, *, content_type: str, filename: str, download: bool):
    """A 302 to the object's signed, short-lived address in the bucket."""
    url = field.storage.url(
        field.name,
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": content_disposition(filename, download),
        },
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response


def serve_render_file(request, render_obj, which, download):
    """One of a render's files (the video, Kling's watermarked copy, the
    poster), named after the render's title; for members and share links
    alike."""
    field = {
        "video": render_obj.video,
        "watermarked": render_obj.watermarked_video,
        "poster": render_obj.poster,
    }.get(which)
    if not field:
        raise Http404("This video is not ready yet.")
    title = shown_title(render_obj)
    if which == "poster":
        return serve_file(
            request, field, content_type="image/jpeg", filename=download_name(title, "jpg")
        )
    note = "watermarked" if which == "watermarked" else ""
    return serve_file(
        request,
        field,
        content_type="video/mp4",
        filename=download_name(title, "mp4", note=note),
        download=download,
    )
