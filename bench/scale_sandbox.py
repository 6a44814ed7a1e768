"""A Kling sandbox in this process that logs every request it receives.

``start_counted_sandbox(**options)`` is ``kling_sandbox.testing.start_sandbox``
with its WSGI app wrapped: each request is logged as (time, kind, HTTP status),
kind being ``create``, ``query``, ``list`` or ``tts`` (Kling API calls, by the
sandbox's own routing), ``download`` (its CDN: result files) or ``other``;
its control API (``/_sandbox/``, which the bench reads) is not logged.
"""

import threading
import time

from kling_sandbox.server import route
from kling_sandbox.testing import start_sandbox

API_KINDS = ("create", "query", "list", "tts")


class RequestLog:
    """WSGI middleware keeping (time, kind, status) of each request."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.entries = []

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        if path.startswith("/_sandbox/"):
            return self.app(environ, start_response)
        if path.startswith("/sandbox-cdn/"):
            kind = "download"
        else:
            kind = route(environ["REQUEST_METHOD"], path)[0] or "other"
        when = time.time()

        def logging_start_response(status, headers, *exc_info):
            with self.lock:
                self.entries.append((when, kind, int(status.split()[0])))
            return start_response(status, headers, *exc_info)

        return self.app(environ, logging_start_response)

    def snapshot(self, since=0.0, until=float("inf")):
        with self.lock:
            return [entry for entry in self.entries if since <= entry[0] < until]


def start_counted_sandbox(**options):
    """(handle, request log): a sandbox serving in a background thread."""
    handle = start_sandbox(**options)
    log = RequestLog(handle.server.httpd.get_app())
    handle.server.httpd.set_app(log)
    return handle, log


def sandbox_options(args):
    """The sandbox's options from the bench's flags (both followers use the same)."""
    return {
        "task_min_seconds": args.min_seconds,
        "task_max_seconds": args.max_seconds,
        "concurrency_limit": args.concurrency,
        "seed": args.seed,
    }
