"""Where Kling's result files may be downloaded from: ``ResultHosts``.

A finished task names the URL of its video, and the archiver fetches it from
inside our network. So that a URL (or a redirect) cannot make the worker read
a metadata service, an admin page or anything else on our side, a result file
is fetched only when

* its scheme is http or https;
* its host is on the allow-list: a host name, or a suffix starting with a dot
  (``.klingai.com`` allows ``klingai.com`` and every name under it);
* every address the host resolves to is public: not private, loopback,
  link-local, multicast, reserved or unspecified.

The first two are checked for each URL before it is sent (``check_url``), the
download following redirects itself (``transport.py``), so each ``Location``
is checked as well. The third is checked when the connection is opened
(``guarded_session``): the name is resolved once, every answer checked, and the
socket connected to one of the addresses just checked. A name cannot answer
with a public address for the check and a private one for the connection.

In practice mode the sandbox stands in for Kling's CDN: its own origin (the
scheme, host and port of ``KLING_API_BASE``) is allowed, whatever address it
is on. Nothing else on a loopback or private address is, even if listed.

Kling does not document its CDN host names. ``DEFAULT_RESULT_HOSTS`` is a
best guess from result URLs in public examples of its replies
(``cdn.klingai.com``, ``v15-kling.klingai.com``, ``s21-kling.klingai.com``)
and of its Chinese documentation (``p1.a.kwimgs.com``, Kuaishou's CDN).
Operators can replace the list with ``KLING_RESULT_HOSTS``.

Downloads go through a session of their own that reads nothing from the
environment (``HTTP(S)_PROXY``, ``~/.netrc``, ``REQUESTS_CA_BUNDLE``): through
a proxy, the address we connect to would be the proxy's, and the checks above
would hold nothing.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    LocationParseError,
    NameResolutionError,
    NewConnectionError,
)
from urllib3.util import parse_url
from urllib3.util.retry import Retry

from .errors import KlingDownloadRefusedError

DEFAULT_RESULT_HOSTS = (".klingai.com", ".kwimgs.com")
DEFAULT_PORTS = {"http": 80, "https": 443}
# NAT64 gateways turn 64:ff9b::a.b.c.d into a.b.c.d: judge the IPv4 address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class ResultHosts:
    """The allow-list for result downloads (see the module's docstring)."""

    hosts: tuple[str, ...] = DEFAULT_RESULT_HOSTS
    # The practice sandbox's base URL, allowed on any address; empty with Kling.
    sandbox_origin: str = ""

    def check_url(self, url: str) -> None:
        """Refuse a URL whose scheme or host is not allowed; nothing is resolved."""
        try:
            parsed = parse_url(url or "")
        except LocationParseError:
            raise _refused("the video's address cannot be read") from None
        scheme = (parsed.scheme or "").lower()
        if scheme not in DEFAULT_PORTS or not parsed.host:
            raise _refused("the video's address is not an http(s) address")
        self._check_host(scheme, bare_host(parsed.host), parsed.port or DEFAULT_PORTS[scheme])

    def addresses(self, scheme: str, host: str, port: int) -> list[tuple]:
        """``getaddrinfo``'s answers for ``host``, once each one is checked."""
        host = bare_host(host)
        self._check_host(scheme, host, port)
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        if self._is_sandbox(scheme, host, port):
            return answers
        literal = _literal(host) is not None
        for *_, sockaddr in answers:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            kind = not_public(address)
            if kind:
                raise _refused(
                    f"{host} is {kind}" if literal else f"{host} points to {address}, {kind}",
                    # A name may point elsewhere later; an address never will.
                    retryable=not literal,
                )
        return answers

    def _check_host(self, scheme: str, host: str, port: int) -> None:
        if self._is_sandbox(scheme, host, port):
            return
        if not any(_matches(host, pattern) for pattern in self.hosts):
            raise _refused(
                f"{host} is not one of Kling's download hosts; if it is Kling's, "
                "an operator can add it to KLING_RESULT_HOSTS"
            )

    def _is_sandbox(self, scheme: str, host: str, port: int) -> bool:
        if not self.sandbox_origin:
            return False
        sandbox = parse_url(self.sandbox_origin)
        sandbox_scheme = (sandbox.scheme or "").lower()
        sandbox_port = sandbox.port or DEFAULT_PORTS.get(sandbox_scheme)
        return (sandbox_scheme, bare_host(sandbox.host or ""), sandbox_port) == (scheme, host, port)


class NoAuth(requests.auth.AuthBase):
    """Result URLs are public CDN links: no Authorization header, and no
    credentials from the URL either."""

    def __call__(self, request):
        return request


def loggable(url: str) -> str:
    """A URL as logged and reported: without a user name or password, nor its
    query string, which may be a signature."""
    split = urlsplit(url or "")
    return f"{split.netloc.rpartition('@')[2]}{split.path}"


class AddressPolicy(Protocol):
    """What ``guarded_session`` asks before each connection: the checked
    ``getaddrinfo`` answers for a host, or an exception that refuses it.
    ``ResultHosts`` is one; team webhooks have their own
    (``projects/webhooks/addresses.py``)."""

    def addresses(self, scheme: str, host: str, port: int) -> list[tuple]: ...


def guarded_session(result_hosts: AddressPolicy, user_agent: str) -> requests.Session:
    """A session that never follows a redirect (the caller checks each
    ``Location`` with ``check_url``, then asks again), and whose every
    connection goes only to addresses ``result_hosts`` allows."""

    def connection_class(base, scheme):
        class Checked(base):
            def _new_conn(self):
                try:
                    answers = result_hosts.addresses(scheme, self._dns_host, self.port)
                except socket.gaierror as exc:
                    raise NameResolutionError(self.host, self, exc) from exc
                return _connect(self, answers)

        return Checked

    class CheckedHTTPPool(HTTPConnectionPool):
        ConnectionCls = connection_class(HTTPConnection, "http")

    class CheckedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = connection_class(HTTPSConnection, "https")

    class CheckedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {
                "http": CheckedHTTPPool,
                "https": CheckedHTTPSPool,
            }

    session = _SessionWithoutRedirects()
    session.trust_env = False  # no proxy from the environment, no ~/.netrc
    session.auth = NoAuth()
    session.headers["User-Agent"] = user_agent
    adapter = CheckedAdapter(max_retries=Retry(total=0, read=False, redirect=False))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def redirect_target(response: requests.Response) -> str:
    """The absolute URL a redirect points to (``Location``, as requests reads it)."""
    location = response.headers["Location"]
    # http.client reads headers as Latin-1; servers send UTF-8. Else keep it as it came.
    with contextlib.suppress(UnicodeError):
        location = location.encode("latin1").decode("utf8")
    return urljoin(response.url, location)


class _SessionWithoutRedirects(requests.Session):
    # Even with allow_redirects=False, requests reads a redirect's whole body
    # (to have the next request ready), with no cap: it gets no target here.
    def get_redirect_target(self, resp):
        return None


def _connect(connection, answers) -> socket.socket:
    """Connect to the first of ``answers`` that takes it, as urllib3 would."""
    error: OSError | None = None
    for family, socktype, proto, _, sockaddr in answers:
        sock = socket.socket(family, socktype, proto)
        try:
            for option in connection.socket_options or ():
                sock.setsockopt(*option)
            if isinstance(connection.timeout, int | float):
                sock.settimeout(connection.timeout)
            sock.connect(sockaddr)
            return sock
        except TimeoutError as exc:
            sock.close()
            raise ConnectTimeoutError(
                connection, f"Connection to {connection.host} timed out"
            ) from exc
        except OSError as exc:
            sock.close()
            error = exc
    raise NewConnectionError(connection, f"Failed to establish a new connection: {error}")


def _refused(reason: str, *, retryable: bool = False) -> KlingDownloadRefusedError:
    return KlingDownloadRefusedError(
        reason, user_message=f"We did not download the video: {reason}.", retryable=retryable
    )


def bare_host(host: str) -> str:
    """A host as compared: lower case, no IPv6 brackets, no final dot."""
    return host.strip("[]").rstrip(".").lower()


def _matches(host: str, pattern: str) -> bool:
    pattern = bare_host(pattern.strip())
    if not pattern:
        return False
    if pattern.startswith("."):
        return host == pattern[1:] or host.endswith(pattern)
    return host == pattern


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return None


def not_public(address: Address) -> str:
    """What kind of address this is, in words, when it is not a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return not_public(embedded)
    for kind, test in (
        ("an unspecified address", address.is_unspecified),
        ("a loopback address", address.is_loopback),
        ("a link-local address", address.is_link_local),
        ("a multicast address", address.is_multicast),
        ("a private address", address.is_private),
        ("a reserved address", address.is_reserved),
        ("an address that is not public", not address.is_global),
    ):
        if test:
            return kind
    return ""
