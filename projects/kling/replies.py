"""Reading what came back from Kling, or why nothing did: the Retry-After
header, the request id of a reply envelope, and what a network failure means
for a call (sent or not: a create that may have been sent must not be
repeated blindly)."""

from __future__ import annotations

import email.utils
from datetime import UTC
from typing import Any

import requests
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: integer seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # "-0000" parses naive; HTTP dates are GMT
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - now
    if seconds != seconds or seconds == float("inf"):  # NaN, inf
        return None
    return max(0.0, seconds)


def envelope_request_id(envelope: dict[str, Any]) -> str | None:
    """The ``request_id`` of a reply envelope, for logs and support tickets."""
    value = envelope.get("request_id")
    return str(value)[:200] if isinstance(value, str | int) and value != "" else None


def failed_before_sending(exc: requests.RequestException) -> bool:
    """True only when we know no byte of the request reached the server."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.SSLError | requests.exceptions.ProxyError):
        # Could have failed mid-stream, or at a proxy that did forward: unknown.
        return False
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = exc.args[0] if exc.args else None
        if isinstance(reason, MaxRetryError):
            reason = reason.reason
        # NewConnectionError covers refused connections and DNS failures.
        return isinstance(reason, NewConnectionError | ConnectTimeoutError)
    return False


def describe_network_failure(exc: requests.RequestException, sent: bool) -> str:
    # Built from the exception's type only: its text can hold URLs and, for
    # InvalidHeader, a header value.
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        what = "connect timed out"
    elif not sent:
        what = "could not connect"
    elif isinstance(exc, requests.exceptions.ReadTimeout) or "timed out" in repr(exc.args):
        what = "read timed out"
    elif isinstance(exc, requests.exceptions.SSLError):
        what = "TLS failed"
    else:
        what = "connection broken after sending"
    return f"{what} ({type(exc).__name__})"
