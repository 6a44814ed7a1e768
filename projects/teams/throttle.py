"""Login throttling: at most ``LOGIN_MAX_FAILURES`` failed log-ins for one
e-mail address from one IP address within ``LOGIN_FAILURE_WINDOW_SECONDS``.

Counted in the shared cache (Redis, or the database cache table), so every
gunicorn worker on every machine sees the same count. Each attempt first takes
one of ``LOGIN_MAX_FAILURES`` slots with ``cache.add()``, which is atomic on
both backends: parallel requests cannot slip extra guesses past the limit. A
slot expires a full window after the attempt that took it (a sliding window),
and a successful log-in frees them all.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from projects.wording import quantity

log = logging.getLogger(__name__)


def too_many_attempts_message() -> str:
    minutes = max(1, round(settings.LOGIN_FAILURE_WINDOW_SECONDS / 60))
    return f"Too many attempts. Wait {quantity(minutes, 'minute')} or reset your password."


def client_ip(request) -> str:
    """The address the request came from. Behind our own proxy (BEHIND_PROXY)
    that is the last X-Forwarded-For entry: the one the proxy appended; the
    entries before it come from the client and could be anything."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [p.strip() for p in request.headers.get("X-Forwarded-For", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def _slot_keys(email: str, ip: str) -> list[str]:
    # Hashed: no e-mail address in cache keys, and a fixed key length.
    digest = hashlib.sha256(f"{email.strip().lower()}\n{ip}".encode()).hexdigest()[:32]
    return [f"login-attempt:{digest}:{n}" for n in range(settings.LOGIN_MAX_FAILURES)]


def login_attempt_allowed(*, email: str, ip: str) -> bool:
    """Take a slot for one more attempt; False when all are taken."""
    try:
        for key in _slot_keys(email, ip):
            if cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS):
                return True
    except Exception:
        # A cache that does not answer must not lock everybody out: the
        # health check reports it, and the password check still applies.
        log.exception("Login throttling skipped: the cache does not answer")
        return True
    log.warning("Login throttled: too many failed attempts from %s", ip)
    return False


def login_succeeded(*, email: str, ip: str) -> None:
    try:
        cache.delete_many(_slot_keys(email, ip))
    except Exception:
        log.exception("Could not clear login attempts: the cache does not answer")
