"""Kling's error codes, and what each one means for Avatar Studio.

``CODES`` is Kling's documented table (shared/kling-api.md, "Errors"): for each
code, the ``Category`` it belongs to, whether a later attempt may work, what it
means, the sentence to show (None: built from the provider's message by
``wording.describe_rejection``) and, for the few codes that need their own,
the base wait before retrying (``wait_seconds``, read by ``retry.py``).
``code_info`` looks a reply up: by code first, then by HTTP status.

The exception classes built from these entries are in ``errors.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .wording import ADMIN_HINT


class Category(StrEnum):
    # Keys, account, permissions, IP allow list, or a bug on our side: an
    # administrator has to act, retrying will not help.
    CONFIGURATION = "configuration"
    BILLING = "billing"
    RATE_LIMITED = "rate_limited"
    CONCURRENCY_LIMITED = "concurrency_limited"
    INVALID_INPUT = "invalid_input"
    CONTENT_POLICY = "content_policy"
    NOT_FOUND = "not_found"
    PROVIDER_DOWN = "provider_down"
    NETWORK = "network"
    MALFORMED_REPLY = "malformed_reply"


@dataclass(frozen=True)
class CodeInfo:
    category: Category
    retryable: bool
    meaning: str
    # None: built from the provider's message (see wording.describe_rejection).
    user_message: str | None
    # Base wait in seconds before retrying, when this code needs its own rather
    # than its category's (see retry.py). None: the category's.
    wait_seconds: float | None = None


# Kling's documented codes (shared/kling-api.md, "Errors").
CODES: dict[int, CodeInfo] = {
    1000: CodeInfo(
        Category.CONFIGURATION,
        False,
        "authentication failed",
        f"Kling did not accept our sign-in keys. {ADMIN_HINT}",
    ),
    1001: CodeInfo(
        Category.CONFIGURATION,
        False,
        "Authorization header empty",
        f"Avatar Studio could not sign in to Kling (a problem on our side). {ADMIN_HINT}",
    ),
    1002: CodeInfo(
        Category.CONFIGURATION,
        False,
        "Authorization invalid",
        f"Kling did not accept our sign-in keys. {ADMIN_HINT}",
    ),
    # Our token's nbf is five seconds in the past, so this means the clocks
    # disagree by more than that; a fresh attempt a little later usually passes.
    1003: CodeInfo(
        Category.CONFIGURATION,
        True,
        "token not yet valid (clock skew)",
        "Kling could not check our sign-in yet; we'll try again shortly.",
    ),
    # Raised only when renewing the token and retrying did not help.
    1004: CodeInfo(
        Category.CONFIGURATION,
        False,
        "token expired",
        f"Kling keeps rejecting our sign-in as expired. {ADMIN_HINT}",
    ),
    1100: CodeInfo(
        Category.CONFIGURATION,
        False,
        "account abnormal",
        f"Kling reports a problem with our account. {ADMIN_HINT}",
    ),
    1101: CodeInfo(
        Category.BILLING,
        False,
        "account in arrears",
        f"The Kling account has an unpaid balance, so no videos can be made. {ADMIN_HINT}",
    ),
    1102: CodeInfo(
        Category.BILLING,
        False,
        "resource pack used up or expired",
        f"The Kling account has run out of video credit. {ADMIN_HINT}",
    ),
    1103: CodeInfo(
        Category.CONFIGURATION,
        False,
        "no permission for this API",
        f"The Kling account is not allowed to make avatar videos. {ADMIN_HINT}",
    ),
    1200: CodeInfo(Category.INVALID_INPUT, False, "invalid request parameters", None),
    1201: CodeInfo(Category.INVALID_INPUT, False, "invalid parameter", None),
    # An unknown method or path is our bug (or a wrong KLING_API_BASE), not
    # a missing task: treat it like configuration so nobody retries it.
    1202: CodeInfo(
        Category.CONFIGURATION,
        False,
        "invalid request method",
        f"Avatar Studio sent Kling a request it does not understand. {ADMIN_HINT}",
    ),
    1203: CodeInfo(
        Category.NOT_FOUND,
        False,
        "resource does not exist",
        "Kling has no record of this video.",
    ),
    1300: CodeInfo(
        Category.CONTENT_POLICY,
        False,
        "platform policy triggered",
        "Kling declined this portrait or voiceover under its content policy.",
    ),
    1301: CodeInfo(
        Category.CONTENT_POLICY,
        False,
        "content security policy",
        "Kling declined this portrait or voiceover under its content policy.",
    ),
    1302: CodeInfo(
        Category.RATE_LIMITED,
        True,
        "request rate limit",
        "Kling is receiving too many requests from us right now; we'll try again shortly.",
    ),
    1303: CodeInfo(
        Category.CONCURRENCY_LIMITED,
        True,
        "concurrency over the resource-pack limit",
        "Kling is busy with other videos from this account; we'll try again shortly.",
        # A slot frees when another of our renders ends; the pump notices
        # within seconds, so look again in 10 to 20 s.
        wait_seconds=10.0,
    ),
    1304: CodeInfo(
        Category.CONFIGURATION,
        False,
        "IP whitelist policy",
        f"Kling refused requests from our server's network address. {ADMIN_HINT}",
    ),
    5000: CodeInfo(
        Category.PROVIDER_DOWN,
        True,
        "server internal error",
        "Kling is having technical trouble; we'll try again shortly.",
    ),
    5001: CodeInfo(
        Category.PROVIDER_DOWN,
        True,
        "service unavailable (maintenance)",
        "Kling is down for maintenance; we'll try again shortly.",
    ),
    5002: CodeInfo(
        Category.PROVIDER_DOWN,
        True,
        "server internal timeout",
        "Kling is overloaded right now; we'll try again shortly.",
    ),
}

# For replies whose code is missing or not in the table: decide by HTTP status.
_STATUS_FALLBACK: dict[int, CodeInfo] = {
    401: CodeInfo(
        Category.CONFIGURATION,
        False,
        "unauthorized",
        f"Kling did not accept our sign-in keys. {ADMIN_HINT}",
    ),
    403: CodeInfo(
        Category.CONFIGURATION,
        False,
        "forbidden",
        f"Kling refused our requests. {ADMIN_HINT}",
    ),
    # A 404 without a Kling code comes from whatever answers at KLING_API_BASE,
    # not from Kling's task lookup (which says 1203): a configuration problem.
    404: CodeInfo(
        Category.CONFIGURATION,
        False,
        "path not found",
        f"Avatar Studio could not find Kling's service at the configured address. {ADMIN_HINT}",
    ),
    405: CodeInfo(
        Category.CONFIGURATION,
        False,
        "method not allowed",
        f"Avatar Studio sent Kling a request it does not understand. {ADMIN_HINT}",
    ),
    429: CodeInfo(
        Category.RATE_LIMITED,
        True,
        "too many requests",
        "Kling is receiving too many requests from us right now; we'll try again shortly.",
    ),
}
_UNKNOWN_5XX = CodeInfo(
    Category.PROVIDER_DOWN,
    True,
    "server error",
    "Kling is having technical trouble; we'll try again shortly.",
)
_UNKNOWN_4XX = CodeInfo(Category.INVALID_INPUT, False, "request refused", None)


def code_info(code: int | None, http_status: int | None) -> CodeInfo:
    """The table entry for a reply: by code first, then by HTTP status."""
    if code is not None and code in CODES:
        return CODES[code]
    if http_status is not None:
        if http_status in _STATUS_FALLBACK:
            return _STATUS_FALLBACK[http_status]
        if http_status >= 500:
            return _UNKNOWN_5XX
    return _UNKNOWN_4XX
