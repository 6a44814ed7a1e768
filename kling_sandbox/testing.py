"""Driving a sandbox from tests and benchmarks.

``start_sandbox(**options)`` runs one in this process on a free port and returns
a ``SandboxHandle``; ``SandboxHandle(base_url, access_key, secret_key)`` drives
one started elsewhere (``manage.py kling_sandbox``). The handle talks HTTP only.

    handle.base_url, handle.access_key, handle.secret_key
    handle.configure(**options)  change options; returns all current options
    handle.config()              current options
    handle.reset()               forget tasks, TTS audio and logs; start-up options back
    handle.creates()             every create received, oldest first: dicts with
                                 seq, time (ms), external_task_id, task_id (None unless
                                 created), outcome ("created", "dropped" or "rejected"),
                                 http_status, code, message
    handle.callbacks()           callbacks sent: task_id, external_task_id,
                                 task_status, url, time, outcome (HTTP status or error)
    handle.tasks()               every task, as Kling's task object
    handle.health()              status, task counts, renders_encoded, tts_engine
    handle.token(secret=None, **claims)
                                 a JWT for this sandbox (override iss/exp/nbf, or sign
                                 with another secret, to test auth)
    handle.headers(secret=None, **claims)
                                 {"Authorization": "Bearer <token>"}
    handle.stop()                only for a sandbox this process started

Options (the names of ``POST /_sandbox/config``; see ``kling_sandbox.config``):
task_min_seconds, task_max_seconds, processing_after, retention_seconds,
callback_timeout, render_max_side, render_fps, fail_share, fail_next,
fail_messages, rate_limit_share, rate_limit_next, rate_limit_per_second,
retry_after, concurrency_limit, error_share, error_next, error_codes,
latency_seconds, latency_share, drop_after_create_share, drop_after_create_next,
fault_endpoints, callback_repeat_share, api_key, tts_engine, seed.
"""

import base64
import hashlib
import hmac
import json
import time

import requests

from .app import Sandbox
from .config import SandboxConfig
from .server import SandboxServer

DEFAULT_ACCESS_KEY = "sandbox-access-key"
DEFAULT_SECRET_KEY = "sandbox-secret-key"
# Fast enough for a test to wait for, slow enough to see each status.
FAST_OPTIONS = {"task_min_seconds": 1.0, "task_max_seconds": 1.5, "processing_after": 0.3}


class SandboxHandle:
    def __init__(
        self, base_url, access_key=DEFAULT_ACCESS_KEY, secret_key=DEFAULT_SECRET_KEY, server=None
    ):
        self.base_url = base_url.rstrip("/")
        self.access_key = access_key
        self.secret_key = secret_key
        self.server = server
        self._http = requests.Session()

    def _control(self, method, name, **kwargs):
        reply = self._http.request(method, f"{self.base_url}/_sandbox/{name}", timeout=10, **kwargs)
        if reply.status_code != 200:
            raise ValueError(f"sandbox {name}: {reply.text}")
        return reply.json()

    def configure(self, **options):
        return self._control("POST", "config", json=options)

    def config(self):
        return self._control("GET", "config")

    def reset(self):
        self._control("POST", "reset")

    def creates(self):
        return self._control("GET", "creates")

    def callbacks(self):
        return self._control("GET", "callbacks")

    def tasks(self):
        return self._control("GET", "tasks")

    def health(self):
        return self._control("GET", "health")

    def token(self, secret=None, **claims):
        """Kling's token: iss=AK, exp=now+1800, nbf=now-5; a claim given as None is left out."""
        now = int(time.time())
        payload = {"iss": self.access_key, "exp": now + 1800, "nbf": now - 5}
        payload.update(claims)
        payload = {name: value for name, value in payload.items() if value is not None}
        return encode_hs256(payload, secret or self.secret_key)

    def headers(self, secret=None, **claims):
        return {"Authorization": f"Bearer {self.token(secret, **claims)}"}

    def stop(self):
        if self.server is not None:
            self.server.stop()
            self.server = None


def encode_hs256(payload, secret):
    """A compact HS256 JWT; by hand because PyJWT warns about the short dev secret."""

    def part(raw):
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    signing_input = f"{header}.{part(json.dumps(payload).encode())}"
    digest = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{part(digest)}"


def start_sandbox(
    access_key=DEFAULT_ACCESS_KEY,
    secret_key=DEFAULT_SECRET_KEY,
    host="127.0.0.1",
    port=0,
    data_dir=None,
    **options,
):
    """A sandbox serving in a background thread; options as in ``configure``."""
    config = SandboxConfig().updated(options)
    sandbox = Sandbox(access_key, secret_key, data_dir=data_dir, config=config)
    server = SandboxServer(sandbox, host, port).start()
    return SandboxHandle(server.base_url, access_key, secret_key, server=server)
