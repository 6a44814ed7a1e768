"""Small helpers for tests of where downloads may go, none of which lets a
byte leave 127.0.0.0/8.

``LocalServer``: an http.server on 127.0.0.1 in a thread, answering each GET
and POST with ``reply(path)``, and counting the connections it accepted and
the paths it was asked for (a server nothing may reach should count zero of
both); each POST is kept in ``received`` (path, headers, body), as a webhook
receiver would see it.

``refuse_outside_connections(monkeypatch)``: every socket connect to an address
outside 127.0.0.0/8 is refused before it leaves, and recorded.

``fake_dns(monkeypatch)``: host names resolve to the addresses a test gives; any
other name fails to resolve (no real DNS query), IP literals resolve as usual.
"""

import contextlib
import ipaddress
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict  # names in lower case
    body: bytes


class LocalServer:
    def __init__(self, reply=None):
        """``reply(path)`` returns ``(status, headers, body)``; by default 404."""
        self.paths = []
        self.received = []
        self.connections = 0
        server = self
        reply = reply or (lambda path: (404, {}, b"not here"))

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.paths.append(self.path)
                self.answer()

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                server.paths.append(self.path)
                headers = {name.lower(): value for name, value in self.headers.items()}
                server.received.append(Received(self.path, headers, body))
                self.answer()

            def answer(self):
                status, headers, body = reply(self.path)
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        class CountingServer(ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request, client_address):
                server.connections += 1
                return True

        self.httpd = CountingServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def redirecting_to(location):
    """A reply that sends every request to ``location``."""
    return lambda path: (302, {"Location": location}, b"")


def refuse_outside_connections(monkeypatch):
    """Refuse, and record, every connect to an address outside 127.0.0.0/8."""
    attempts = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        if isinstance(address, tuple):
            ip = ipaddress.ip_address(str(address[0]).split("%")[0])
            if not (ip.version == 4 and ip.is_loopback):
                attempts.append(str(ip))
                raise ConnectionRefusedError(f"test: no connection to {ip} allowed")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


class FakeDns:
    def __init__(self):
        self.names = {}
        self.asked = []

    def add(self, name, *answers):
        """Each answer is an address, or a tuple of them (one reply with
        several); one answer per lookup, the last one repeated."""
        self.names[name] = [a if isinstance(a, tuple) else (a,) for a in answers]

    def __call__(self, real, host, port, *args, **kwargs):
        host = host.decode() if isinstance(host, bytes) else host
        self.asked.append(host)
        answers = self.names.get(host)
        if answers is None:
            try:
                ipaddress.ip_address(host.split("%")[0])
            except ValueError:
                if host != "localhost":
                    raise socket.gaierror(socket.EAI_NONAME, "test: unknown name") from None
            return real(host, port, *args, **kwargs)
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        return [_answer(address, port) for address in addresses]


def _answer(address, port):
    if ipaddress.ip_address(address).version == 4:
        return (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))
    return (socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port, 0, 0))


def fake_dns(monkeypatch):
    dns = FakeDns()
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda host, port, *a, **k: dns(real, host, port, *a, **k)
    )
    return dns


# --- Fixtures (a pytest plugin: tests/conftest.py loads this module) ----------


@pytest.fixture
def outside(monkeypatch):
    """Any connection outside 127.0.0.0/8 fails the test before it leaves."""
    return refuse_outside_connections(monkeypatch)


@pytest.fixture
def dns(monkeypatch):
    return fake_dns(monkeypatch)


@pytest.fixture
def servers():
    """Start local HTTP servers (closed after the test): servers(reply)."""
    started = []

    def start(reply=None):
        started.append(LocalServer(reply))
        return started[-1]

    yield start
    for server in started:
        server.close()
