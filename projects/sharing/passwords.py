"""An optional password per share link.

The link keeps only Django's hash of it (``ShareLink.password_hash``). Who
typed it right gets a signed cookie on the link's own path whose value is
bound to the current hash: changing or removing the password logs everyone
out. Every /s/<token>/... view asks ``sharelink_open`` instead of
``sharelink_resolve``, so a locked link's media and beacon answer like an
unknown link.

Guesses are limited per link and client in the cache (the client's address
is hashed into the key, never stored in the database): a wrong password and
an unknown or turned-off link get the same page, and run out of guesses the
same way, so nobody can tell them apart.
"""

import functools
import hashlib
import logging

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

from projects.models import ShareLink, User, sharelink_lookup_hash
from projects.sharing.rooms import audit_link
from projects.sharing.services import sharelink_resolve

log = logging.getLogger(__name__)

PASSWORD_COOKIE = "share_pass"
PASSWORD_COOKIE_DAYS = 30
PASSWORD_MIN_LENGTH = 6
PASSWORD_MAX_LENGTH = 128
GUESSES = 5
GUESS_WINDOW_SECONDS = 15 * 60


# --- The team sets it -----------------------------------------------------------


@transaction.atomic
def sharelink_set_password(*, link: ShareLink, password: str, by: User | None = None) -> ShareLink:
    """Ask for this password from now on (everyone who had the old one is
    asked again)."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise ValidationError(
            f"Choose a password of at least {PASSWORD_MIN_LENGTH} characters: your client "
            "types it once, then the link remembers it."
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise ValidationError(f"Keep the password under {PASSWORD_MAX_LENGTH} characters.")
    # Never the password itself: only that it changed.
    news = "Password changed" if link.password_hash else "Password set"
    link.password_hash = make_password(password)
    link.save(update_fields=["password_hash"])
    audit_link(link, by, news)
    return link


@transaction.atomic
def sharelink_remove_password(*, link: ShareLink, by: User | None = None) -> ShareLink:
    link.password_hash = ""
    link.save(update_fields=["password_hash"])
    audit_link(link, by, "Password removed: the link opens without one")
    return link


# --- Visitors type it ------------------------------------------------------------


def _cookie_salt(link: ShareLink) -> str:
    return f"share-password:{link.code}"


def _proof(link: ShareLink) -> str:
    """What the cookie holds: a keyed digest of the current hash (the hash
    itself never leaves the server)."""
    return salted_hmac("share-password-proof", f"{link.code}:{link.password_hash}").hexdigest()


def password_ok(request: HttpRequest, link: ShareLink) -> bool:
    """The link has no password, or this browser typed the current one."""
    if not link.password_hash:
        return True
    value = request.get_signed_cookie(
        PASSWORD_COOKIE,
        default=None,
        salt=_cookie_salt(link),
        max_age=PASSWORD_COOKIE_DAYS * 24 * 3600,
    )
    return bool(value) and constant_time_compare(value, _proof(link))


def sharelink_open(request: HttpRequest, token: str) -> ShareLink | None:
    """The active link for this token when this browser may see inside it:
    None for an unknown, expired or turned-off link, and for a link whose
    password this browser has not typed."""
    link = sharelink_resolve(token)
    if link is None or not password_ok(request, link):
        return None
    return link


@functools.cache
def _stand_in_hash() -> str:
    return make_password("a password no link has")


def password_matches(link: ShareLink | None, password: str) -> bool:
    """Whether the password opens the link. An unknown link costs the same
    hashing time as a known one, so timing tells nothing either."""
    if link is None or not link.password_hash:
        check_password(password, _stand_in_hash())
        return False
    return check_password(password, link.password_hash)


def grant_access(
    response: HttpResponse, link: ShareLink, token: str, request: HttpRequest
) -> HttpResponse:
    response.set_signed_cookie(
        PASSWORD_COOKIE,
        _proof(link),
        salt=_cookie_salt(link),
        max_age=PASSWORD_COOKIE_DAYS * 24 * 3600,
        path=f"/s/{token}/",
        secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


# --- Guesses --------------------------------------------------------------------------


def _guess_key(request: HttpRequest, token: str) -> str:
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        address = ""
    # The keyed hash of the token: the same for a link that exists and one that does not.
    mixed = f"{sharelink_lookup_hash(token)}\n{address}".encode()
    return f"share-password-guesses:{hashlib.sha256(mixed).hexdigest()}"


def guesses_left(request: HttpRequest, token: str) -> bool:
    try:
        return (cache.get(_guess_key(request, token)) or 0) < GUESSES
    except Exception:
        # The password check still applies; the health check reports the cache.
        log.exception("Share link password guesses not counted: the cache does not answer")
        return True


def guess_wrong(request: HttpRequest, token: str) -> None:
    key = _guess_key(request, token)
    try:
        if not cache.add(key, 1, GUESS_WINDOW_SECONDS):
            cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, GUESS_WINDOW_SECONDS)
    except Exception:
        log.exception("Share link password guesses not counted: the cache does not answer")
