"""Kling's bearer check: an HS256 JWT signed with the secret key, or a plain API key.

Codes, as documented: no header 1001; not a JWT we can read 1002; ``nbf`` in the
future 1003; ``exp`` past 1004; a readable JWT whose ``iss`` is not our access
key 1000. Kling does not say what a bad signature with the right ``iss`` gives;
the sandbox answers 1000 ("authentication failed"), because the token is well
formed and the key is what is wrong. A token without ``exp`` is 1002. There is
no leeway on ``exp`` or ``nbf``.

Neither the token nor a key is ever logged or echoed in a message.
"""

import base64
import hashlib
import hmac
import time

import jwt

from .errors import ApiError


def check_authorization(header, access_key, secret_key, api_key=""):
    if not header or not header.strip():
        raise ApiError(1001)
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(1002, "Authorization is invalid: expected 'Bearer <token>'")
    if api_key and hmac.compare_digest(token.encode(), api_key.encode()):
        return
    if token.count(".") != 2:
        # Not a JWT: with an API key configured it is a wrong key, otherwise junk.
        raise ApiError(1000 if api_key else 1002)
    try:
        header_fields = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise ApiError(1002)
    if header_fields.get("alg") != "HS256":
        raise ApiError(1002, "Authorization is invalid: the token must be signed with HS256")
    if not isinstance(claims.get("iss"), str) or not hmac.compare_digest(
        claims["iss"].encode(), access_key.encode()
    ):
        raise ApiError(1000)
    if not hmac.compare_digest(_signature(token, secret_key), token.rpartition(".")[2].encode()):
        raise ApiError(1000)
    exp, nbf = claims.get("exp"), claims.get("nbf", 0)
    if not _is_number(exp) or not _is_number(nbf):
        raise ApiError(1002, "Authorization is invalid: exp (and nbf) must be numbers")
    now = time.time()
    if now >= exp:
        raise ApiError(1004)
    if now < nbf:
        raise ApiError(1003)


def _signature(token, secret_key):
    # Verified by hand rather than by PyJWT, which warns on every call about
    # keys shorter than 32 bytes, such as the development secret.
    signing_input = token.rpartition(".")[0].encode()
    digest = hmac.new(secret_key.encode(), signing_input, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=")


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)
