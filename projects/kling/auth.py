"""The bearer credential for Kling: a JWT signed with the secret key, or an API key.

Kling's documented scheme (shared/kling-api.md, "Authentication"): HS256 with
the secret key, header ``{"alg": "HS256", "typ": "JWT"}``, claims ``iss`` =
access key, ``exp`` = now + 1800, ``nbf`` = now - 5. We sign one token and
reuse it until less than five minutes remain, so a token never expires while a
request is in flight, and the client can force a new one when Kling answers
1004 (expired) anyway, e.g. after the machine's clock jumped.

``credentials_for`` picks one from the configured keys. Neither class shows a
key or token in its repr.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import jwt

TOKEN_LIFETIME = 1800
# Backdating nbf absorbs a few seconds of clock difference with Kling.
NOT_BEFORE_LEEWAY = 5
RENEW_MARGIN = 300


def _check_header_safe(value: str, what: str) -> str:
    # requests would reject a value with control characters by raising
    # InvalidHeader *with the value in its message*: refuse it here instead.
    value = (value or "").strip()
    if not value:
        raise ValueError(f"{what} is empty")
    if not value.isascii() or not value.isprintable():
        raise ValueError(f"{what} contains characters that cannot go in an HTTP header")
    return value


class JwtCredentials:
    """Signs and caches the JWT for an access key / secret key pair."""

    kind = "jwt"

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        clock: Callable[[], float] = time.time,
        lifetime: int = TOKEN_LIFETIME,
        renew_margin: int = RENEW_MARGIN,
    ) -> None:
        self._access_key = _check_header_safe(access_key, "Kling access key")
        self._secret_key = _check_header_safe(secret_key, "Kling secret key")
        self._clock = clock
        self._lifetime = lifetime
        self._renew_margin = renew_margin
        self._token: str | None = None
        self._expires_at = 0
        # Should a client end up used from several threads after all, the lock
        # keeps the token and its expiry consistent with each other.
        self._lock = threading.Lock()

    def claims(self, now: float | None = None) -> dict[str, object]:
        now = int(self._clock() if now is None else now)
        return {
            "iss": self._access_key,
            "exp": now + self._lifetime,
            "nbf": now - NOT_BEFORE_LEEWAY,
        }

    def bearer(self) -> str:
        """The token to send now: the cached one unless it is near expiry."""
        with self._lock:
            if self._token is None or self._clock() >= self._expires_at - self._renew_margin:
                self._sign()
            return self._token

    def renew(self) -> bool:
        """Sign a fresh token; True because a retry with it may succeed."""
        with self._lock:
            self._sign()
        return True

    def secrets(self) -> tuple[str, ...]:
        """Strings that must never be logged (for the client's redaction)."""
        return tuple(s for s in (self._secret_key, self._access_key, self._token) if s)

    def _sign(self) -> None:
        claims = self.claims()
        self._token = jwt.encode(
            claims,
            self._secret_key,
            algorithm="HS256",
            headers={"alg": "HS256", "typ": "JWT"},
        )
        self._expires_at = claims["exp"]

    def __repr__(self) -> str:
        return "<JwtCredentials>"


class ApiKeyCredentials:
    """A plain API key, sent as the bearer token as it is."""

    kind = "api_key"

    def __init__(self, api_key: str) -> None:
        self._api_key = _check_header_safe(api_key, "Kling API key")

    def bearer(self) -> str:
        return self._api_key

    def renew(self) -> bool:
        # Nothing to renew: a retry would send the same key and fail the same way.
        return False

    def secrets(self) -> tuple[str, ...]:
        return (self._api_key,)

    def __repr__(self) -> str:
        return "<ApiKeyCredentials>"


def credentials_for(
    access_key: str | None,
    secret_key: str | None,
    api_key: str | None,
    *,
    clock: Callable[[], float] = time.time,
) -> JwtCredentials | ApiKeyCredentials:
    """The credentials to sign with; ValueError when none are complete."""
    # The API key wins when set: configuring one is an explicit choice.
    if api_key:
        return ApiKeyCredentials(api_key)
    if access_key and secret_key:
        return JwtCredentials(access_key, secret_key, clock=clock)
    raise ValueError("Kling needs an access key and a secret key, or an API key")
