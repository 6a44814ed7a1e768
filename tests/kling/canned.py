"""A tiny local HTTP server with canned replies, for what the sandbox cannot produce.

Still real HTTP through the client's session (no mocking of requests): a test
queues replies, makes its calls, and reads back what the server received.
"""

import contextlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from projects.kling import KlingClient, ResultHosts

ACCESS_KEY = "test-access-key-0123456789"
SECRET_KEY = "test-secret-key-must-never-leak-0123456789"
API_KEY = "test-api-key-must-never-leak-abcdef"
# Media by URL: the client passes them through without reading them.
IMAGE_URL = "https://cdn.example/portrait.png"
SOUND_URL = "https://cdn.example/voiceover.mp3"


@dataclass
class Reply:
    status: int = 200
    # dict/list (sent as JSON), bytes, None (empty body), or a function of the
    # Received request returning one of those.
    body: object = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (read timeouts)
    drop: bool = False  # read the request, then close without a reply


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


class CannedServer:
    def __init__(self):
        self.replies = []
        self.received = []
        self.default = None
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                received = Received(self.command, self.path, dict(self.headers), body)
                with server._lock:
                    server.received.append(received)
                    reply = server.replies.pop(0) if server.replies else server.default
                if reply is None:
                    reply = Reply(500, b"no canned reply left")
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                body = reply.body(received) if callable(reply.body) else reply.body
                if isinstance(body, dict | list):
                    payload = json.dumps(body).encode()
                    content_type = "application/json"
                else:
                    payload = body or b""
                    content_type = "text/html"
                self.send_response(reply.status)
                headers = {"Content-Type": content_type, "Content-Length": str(len(payload))}
                headers.update(reply.headers)
                for name, value in headers.items():
                    if value is None:  # e.g. no Content-Length: the body ends at close
                        self.close_connection = True
                        continue
                    self.send_header(name, value)
                self.end_headers()
                # The client may have given up (read timeout) before we answer.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

            do_GET = do_POST = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def queue(self, *replies):
        with self._lock:
            self.replies.extend(replies)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def make_client(base_url, **options):
    options.setdefault("access_key", ACCESS_KEY)
    options.setdefault("secret_key", SECRET_KEY)
    options.setdefault("connect_timeout", 2)
    options.setdefault("read_timeout", 5)
    # As in practice mode: result files come from the local server itself.
    options.setdefault("result_hosts", ResultHosts(sandbox_origin=base_url))
    return KlingClient(base_url=base_url, **options)


def ok(data, request_id="req-ok"):
    """Kling's success envelope."""
    return {"code": 0, "message": "SUCCEED", "request_id": request_id, "data": data}


def failure(code, message="", request_id="req-err"):
    """Kling's error envelope (no data)."""
    return {"code": code, "message": message, "request_id": request_id}


def task_object(task_id="task-1", status="submitted", **extra):
    data = {
        "task_id": task_id,
        "task_status": status,
        "task_status_msg": "",
        "task_info": {"external_task_id": extra.pop("external_task_id", "")},
        "created_at": 1722769557708,
        "updated_at": 1722769557708,
    }
    data.update(extra)
    return data
