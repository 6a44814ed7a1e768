"""Serving result files like a CDN: no auth, Content-Length, and byte ranges.

Ranges matter because browsers and players stream an MP4 by asking for pieces
of it; a single range per request is all they use.
"""

import os
import re

CHUNK = 64 * 1024


def file_response(environ, start_response, path, content_type):
    size = os.path.getsize(path)
    start, end = 0, size - 1
    status = "200 OK"
    headers = [("Content-Type", content_type), ("Accept-Ranges", "bytes")]
    wanted = re.fullmatch(r"bytes=(\d*)-(\d*)", environ.get("HTTP_RANGE", "").strip())
    if wanted and wanted.group(1) + wanted.group(2):
        first, last = wanted.groups()
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:
            start = max(0, size - int(last))
        if start > end or start >= size:
            start_response("416 Range Not Satisfiable", [("Content-Range", f"bytes */{size}")])
            return [b""]
        status = "206 Partial Content"
        headers.append(("Content-Range", f"bytes {start}-{end}/{size}"))
    length = end - start + 1
    headers.append(("Content-Length", str(length)))
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return [b""]
    return _read(path, start, length)


def _read(path, start, length):
    with open(path, "rb") as source:
        source.seek(start)
        while length > 0:
            chunk = source.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk
