"""Links that carry a secret token (share links, invitations): how a token
is looked up, and the absolute address people outside the app open."""

from django.conf import settings
from django.http import HttpRequest

from projects.models import hash_token

# token_urlsafe(32) is 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 64


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """The address people outside the app open: SITE_URL when it is set
    (e-mails must not depend on the Host header), else the request's own."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def lookup_hash(token: str) -> str | None:
    """An invitation's stored hash to look its token up by; None for what
    cannot be a token. (Share links use a keyed hash:
    ``projects.models.sharelink_lookup_hash``.)"""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return hash_token(token)
