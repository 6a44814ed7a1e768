"""HTTP around the sandbox: Kling's routes and envelopes, auth, faults, control.

A threaded wsgiref server, so nothing beyond the standard library is needed.
Kling's paths are served at the root; ``/sandbox-cdn/`` plays Kling's CDN
(no auth); ``/_sandbox/`` is the control and introspection API for tests
(no auth either: never expose the sandbox beyond a developer machine or CI).
"""

import json
import logging
import re
import socket
import socketserver
import struct
import sys
import threading
import time
import uuid
from urllib.parse import parse_qs
from wsgiref.handlers import SimpleHandler
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from .auth import check_authorization
from .errors import ApiError
from .files import file_response

log = logging.getLogger("kling_sandbox")

MAX_BODY_BYTES = 32 * 1024 * 1024
PAGE_NUM_RANGE = (1, 1000)
PAGE_SIZE_RANGE = (1, 500)
TASKS_PATH = "/v1/videos/avatar/image2video"
STATUS_TEXT = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class DropConnection(Exception):
    """Close the client's connection without sending any reply."""


class SandboxWsgi:
    def __init__(self, sandbox):
        self.sandbox = sandbox

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "") or "/"
        if path.startswith("/_sandbox/"):
            return self.control(environ, start_response, method, path[len("/_sandbox/") :])
        if path.startswith("/sandbox-cdn/"):
            return self.cdn(environ, start_response, method, path)
        return self.api(environ, start_response, method, path)

    # --- Kling API -----------------------------------------------------------

    def api(self, environ, start_response, method, path):
        request_id = str(uuid.uuid4())
        endpoint, argument = route(method, path)
        body, external_id = None, ""
        try:
            if endpoint is None:
                raise argument
            if method == "POST":
                body = read_json(environ)
                if endpoint == "create" and isinstance(body, dict):
                    external_id = body.get("external_task_id") or ""
                    external_id = external_id if isinstance(external_id, str) else ""
            delay = self.sandbox.faults.latency(endpoint)
            if delay:
                time.sleep(delay)
            check_authorization(
                environ.get("HTTP_AUTHORIZATION"),
                self.sandbox.access_key,
                self.sandbox.secret_key,
                self.sandbox.config.api_key,
            )
            self.sandbox.faults.check_request(endpoint)
            if isinstance(body, ApiError):
                raise body
            data = self.call(endpoint, argument, body, environ)
        except ApiError as error:
            if endpoint == "create":
                self.sandbox.record_create(
                    external_id, None, "rejected", error.http_status, error.code, error.message
                )
            reply = {"code": error.code, "message": error.message, "request_id": request_id}
            return respond(start_response, error.http_status, reply, error.headers)
        except Exception:
            log.exception("sandbox request failed")
            if endpoint == "create":
                self.sandbox.record_create(
                    external_id, None, "rejected", 500, 5000, "Server internal error"
                )
            reply = {"code": 5000, "message": "Server internal error", "request_id": request_id}
            return respond(start_response, 500, reply)
        if endpoint == "create":
            dropped = self.sandbox.faults.drop_after_create()
            self.sandbox.record_create(
                data["task_info"]["external_task_id"],
                data["task_id"],
                "dropped" if dropped else "created",
                200,
                0,
                "SUCCEED",
            )
            if dropped:
                raise DropConnection()
        reply = {"code": 0, "message": "SUCCEED", "request_id": request_id, "data": data}
        return respond(start_response, 200, reply)

    def call(self, endpoint, argument, body, environ):
        sandbox = self.sandbox
        if endpoint == "create":
            return sandbox.create(body, base_url(environ))
        if endpoint == "query":
            return sandbox.query(argument)
        if endpoint == "tts":
            return sandbox.text_to_speech(body, base_url(environ))
        query = parse_qs(environ.get("QUERY_STRING", ""))
        number = page_parameter(query, "pageNum", 1, PAGE_NUM_RANGE)
        size = page_parameter(query, "pageSize", 30, PAGE_SIZE_RANGE)
        return sandbox.page(number, size)

    # --- CDN -----------------------------------------------------------------

    def cdn(self, environ, start_response, method, path):
        video = re.fullmatch(r"/sandbox-cdn/([0-9a-f]{32})(_wm)?\.mp4", path)
        audio = re.fullmatch(r"/sandbox-cdn/audio/([0-9a-f]{32})\.mp3", path)
        found = None
        if method in ("GET", "HEAD") and video:
            found = self.sandbox.video_file(video.group(1), bool(video.group(2))), "video/mp4"
        elif method in ("GET", "HEAD") and audio:
            found = self.sandbox.audio_file(audio.group(1)), "audio/mpeg"
        if not found or found[0] is None:
            start_response(
                "404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")]
            )
            return [b"Not Found"]
        return file_response(environ, start_response, *found)

    # --- control -------------------------------------------------------------

    def control(self, environ, start_response, method, name):
        sandbox = self.sandbox
        try:
            if (method, name) == ("GET", "health"):
                return respond(start_response, 200, sandbox.health())
            if (method, name) == ("GET", "config"):
                return respond(start_response, 200, sandbox.config.as_dict())
            if (method, name) == ("POST", "config"):
                options = read_json(environ)
                if not isinstance(options, dict):
                    raise ValueError("send a JSON object of options")
                return respond(start_response, 200, sandbox.configure(options))
            if (method, name) == ("POST", "reset"):
                sandbox.reset()
                return respond(start_response, 200, {"status": "reset"})
            if (method, name) == ("GET", "creates"):
                return respond(start_response, 200, sandbox.creates())
            if (method, name) == ("GET", "callbacks"):
                return respond(start_response, 200, sandbox.callbacks.history())
            if (method, name) == ("GET", "tasks"):
                return respond(start_response, 200, sandbox.store.all())
        except ValueError as error:
            return respond(start_response, 400, {"error": str(error)})
        return respond(start_response, 404, {"error": f"no control endpoint {method} {name}"})


def route(method, path):
    """(endpoint name, path argument); (None, ApiError) when nothing matches."""
    path = path.rstrip("/") or "/"
    known = {
        (TASKS_PATH, "POST"): "create",
        (TASKS_PATH, "GET"): "list",
        ("/v1/audio/tts", "POST"): "tts",
    }
    if (path, method) in known:
        return known[(path, method)], None
    one = re.fullmatch(re.escape(TASKS_PATH) + r"/([^/]+)", path)
    if one and method == "GET":
        return "query", one.group(1)
    if one or path in (TASKS_PATH, "/v1/audio/tts"):
        return None, ApiError(1202, f"The requested method is invalid: {method}")
    return None, ApiError(1203, f"The requested resource does not exist: {path}")


def read_json(environ):
    """The parsed body; a 1200 ApiError (returned, raised after auth) if unusable."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return ApiError(1200, "Invalid request parameters: the body is too large")
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        return json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        return ApiError(1200, "Invalid request parameters: the body is not valid JSON")


def page_parameter(query, name, default, bounds):
    values = query.get(name)
    if not values:
        return default
    low, high = bounds
    try:
        number = int(values[0])
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ApiError(1201, f"{name} must be an integer between {low} and {high}")
    return number


def base_url(environ):
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}"


def respond(start_response, status, payload, headers=None):
    body = json.dumps(payload).encode()
    start_response(
        f"{status} {STATUS_TEXT.get(status, 'Status')}",
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(body))),
            *(headers or {}).items(),
        ],
    )
    return [body]


# --- the threaded server -------------------------------------------------------


class _ServerHandler(ServerHandler):
    def handle_error(self):
        if isinstance(sys.exc_info()[1], DropConnection):
            raise
        super().handle_error()

    def close(self):
        if self.status is None:  # dropped: nothing to log as sent
            SimpleHandler.close(self)
        else:
            super().close()


class _RequestHandler(WSGIRequestHandler):
    def handle(self):
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.send_error(414)
            return
        if not self.parse_request():
            return
        handler = _ServerHandler(
            self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=True
        )
        handler.request_handler = self
        try:
            handler.run(self.server.get_app())
        except DropConnection:
            # Linger 0 turns close() into a TCP reset: the client gets a
            # connection error, never a reply, exactly as when a proxy dies.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

    def log_message(self, fmt, *args):
        # Only the request line (method, path) is logged: never a header or a body.
        log.debug("%s %s", self.address_string(), fmt % args)


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def server_bind(self):
        # HTTPServer.server_bind looks up the host's FQDN, which can hang for
        # seconds on machines without DNS; the sandbox does not need it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]
        self.setup_environ()


class SandboxServer:
    """Serve a ``Sandbox`` on host:port (0 picks a free port)."""

    def __init__(self, sandbox, host="127.0.0.1", port=0):
        self.sandbox = sandbox
        self.httpd = _ThreadingServer((host, port), _RequestHandler)
        self.httpd.set_app(SandboxWsgi(sandbox))
        self.host, self.port = self.httpd.server_address[:2]
        self._thread = None

    @property
    def base_url(self):
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host  # noqa: S104
        return f"http://{host}:{self.port}"

    def serve_forever(self):
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self):
        self._thread = threading.Thread(target=self.serve_forever, name="sandbox-http", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.sandbox.close()
