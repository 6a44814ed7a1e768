"""What can go wrong when talking to Kling, as typed exceptions.

Every failure the client raises is a ``KlingError`` with a ``category`` (one
subclass per category, so callers can ``except`` either way) and the facts the
render worker needs to decide what to do next:

``retryable``
    Trying the same call again later may work. Permanent otherwise.
``outcome_unknown``
    The request may have reached Kling and been acted on, but we have no
    definite answer (a read timeout, a connection dropped after sending, a 5xx,
    a garbled reply). After a *create* this means "a task may exist and may be
    billed": ask Kling by ``external_task_id`` before creating again. False
    means Kling certainly did not act on it (connect failure, or a definite
    4xx refusal).
``retry_after``
    Seconds to wait, from a ``Retry-After`` header when Kling sent one.
``http_status``, ``code``, ``request_id``, ``provider_message``
    What Kling said, for logs and support tickets.
``user_message``
    A sentence a marketer can read.

Messages are built only from these fields: no key, token or request body ever
ends up in an exception's text, ``args`` or ``repr``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum


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


ADMIN_HINT = "Please tell your Avatar Studio administrator."


@dataclass(frozen=True)
class CodeInfo:
    category: Category
    retryable: bool
    meaning: str
    # None: built from the provider's message (see describe_rejection).
    user_message: str | None


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


# --- Plain-language messages ------------------------------------------------

_PORTRAIT_WORDS = ("image", "picture", "photo", "pixel", "face", "portrait")
_VOICEOVER_WORDS = ("audio", "sound", "voice", "speech", "mp3", "wav")
_POLICY_WORDS = ("policy", "risk", "sensitive", "security", "inappropriate")
# The provider's words end up on screen: keep them short.
_MAX_QUOTED = 300


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _MAX_QUOTED:
        text = text[: _MAX_QUOTED - 1].rstrip() + "…"
    if text and text[-1] not in ".!?…":
        text += "."
    return text


def describe_rejection(provider_message: str) -> str:
    """Turn a Kling refusal ("Image pixel is invalid") into a sentence for people."""
    detail = _sentence(provider_message or "")
    if not detail:
        return "Kling could not accept this video request."
    lowered = detail.lower()
    if any(word in lowered for word in _PORTRAIT_WORDS):
        return f"Kling could not use this photo: {detail}"
    if any(word in lowered for word in _VOICEOVER_WORDS):
        return f"Kling could not use this voiceover: {detail}"
    return f"Kling could not accept this video request: {detail}"


def describe_task_failure(status_msg: str) -> str:
    """The sentence to show for a task that Kling marked ``failed``."""
    lowered = (status_msg or "").lower()
    if any(word in lowered for word in _POLICY_WORDS):
        return "Kling declined this portrait or voiceover under its content policy" + (
            f": {_sentence(status_msg)}" if status_msg else "."
        )
    if any(word in lowered for word in _PORTRAIT_WORDS + _VOICEOVER_WORDS):
        return describe_rejection(status_msg)
    if status_msg:
        return f"Kling could not make this video: {_sentence(status_msg)}"
    return "Kling could not make this video, and did not say why."


# --- Exceptions -------------------------------------------------------------

# Base delay (seconds) for retry_delay(), per category. Rate limits: the
# provider asks for exponential back-off from at least 1 s. Concurrency: a
# slot frees only when another render ends, which takes minutes.
_BACKOFF_BASE = {
    Category.RATE_LIMITED: 1.0,
    Category.CONCURRENCY_LIMITED: 30.0,
    Category.PROVIDER_DOWN: 10.0,
    Category.NETWORK: 5.0,
    Category.MALFORMED_REPLY: 10.0,
    Category.CONFIGURATION: 2.0,  # only 1003, clock skew, is retryable
}
_BACKOFF_CAP = 600.0


class KlingError(Exception):
    """Base class: something went wrong talking to Kling."""

    category: Category = Category.PROVIDER_DOWN
    default_retryable = False
    default_user_message = "Something went wrong while talking to Kling."

    def __init__(
        self,
        message: str = "",
        *,
        code: int | None = None,
        http_status: int | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
        provider_message: str = "",
        user_message: str | None = None,
        retryable: bool | None = None,
        outcome_unknown: bool = False,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.code = code
        self.http_status = http_status
        self.request_id = request_id or None
        self.retry_after = retry_after
        self.provider_message = provider_message or ""
        self.user_message = user_message or self.default_user_message
        self.retryable = self.default_retryable if retryable is None else retryable
        self.outcome_unknown = outcome_unknown
        self.method = method
        self.path = path
        self.detail = message
        super().__init__(self._summary())

    @property
    def needs_admin(self) -> bool:
        """True when someone has to fix keys, billing or the account first."""
        return self.category in (Category.CONFIGURATION, Category.BILLING) and not self.retryable

    def retry_delay(self, attempt: int = 0) -> float | None:
        """Seconds to wait before attempt number ``attempt + 1``; None if permanent.

        Honours ``retry_after``; otherwise exponential back-off with full
        jitter from a per-category base, so that many renders hitting the same
        limit do not come back in lockstep.
        """
        if not self.retryable:
            return None
        base = _BACKOFF_BASE.get(self.category, 5.0)
        backoff = min(_BACKOFF_CAP, base * (2 ** max(0, attempt)))
        delay = random.uniform(base, max(base, backoff))
        if self.retry_after is not None:
            delay = max(delay, self.retry_after)
        return delay

    def _summary(self) -> str:
        facts = []
        if self.method and self.path:
            facts.append(f"{self.method} {self.path}")
        if self.http_status is not None:
            facts.append(f"HTTP {self.http_status}")
        if self.code is not None:
            facts.append(f"code {self.code}")
        if self.detail:
            facts.append(self.detail[:_MAX_QUOTED])
        if self.provider_message and self.provider_message != self.detail:
            facts.append(f"Kling said {self.provider_message[:_MAX_QUOTED]!r}")
        if self.request_id:
            facts.append(f"request_id={self.request_id}")
        if self.outcome_unknown:
            facts.append("outcome unknown")
        return f"{self.category}: " + ", ".join(facts)

    def __reduce__(self):
        # Pickle the facts, not a re-run of __init__ on the summary text:
        # django-q2 moves task results between processes this way.
        return (_restore, (type(self), self.__dict__.copy(), self.args))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(category={str(self.category)!r}, "
            f"http_status={self.http_status!r}, code={self.code!r}, "
            f"request_id={self.request_id!r}, retryable={self.retryable!r}, "
            f"outcome_unknown={self.outcome_unknown!r}, retry_after={self.retry_after!r})"
        )


def _restore(cls: type[KlingError], state: dict, args: tuple) -> KlingError:
    err = cls.__new__(cls)
    err.__dict__.update(state)
    err.args = args
    return err


class KlingConfigurationError(KlingError):
    """Keys, account, permissions, IP allow list, or our own bug (1000-1004, 1100,
    1103, 1202, 1304, bare 401/403/404/405). Needs an administrator."""

    category = Category.CONFIGURATION
    default_user_message = f"Avatar Studio is not set up correctly for Kling. {ADMIN_HINT}"


class KlingBillingError(KlingError):
    """The account is in arrears or out of credit (1101, 1102)."""

    category = Category.BILLING
    default_user_message = f"The Kling account has run out of video credit. {ADMIN_HINT}"


class KlingRateLimitError(KlingError):
    """Too many requests (1302, or any other 429)."""

    category = Category.RATE_LIMITED
    default_retryable = True
    default_user_message = CODES[1302].user_message


class KlingConcurrencyError(KlingError):
    """Too many tasks running for the account's resource pack (1303)."""

    category = Category.CONCURRENCY_LIMITED
    default_retryable = True
    default_user_message = CODES[1303].user_message


class KlingInvalidInputError(KlingError):
    """Kling (or the client, before sending) refused the parameters (1200, 1201,
    unknown 4xx)."""

    category = Category.INVALID_INPUT
    default_user_message = "Kling could not accept this video request."


class KlingContentPolicyError(KlingError):
    """The portrait or voiceover triggered Kling's content policy (1300, 1301)."""

    category = Category.CONTENT_POLICY
    default_user_message = CODES[1300].user_message


class KlingNotFoundError(KlingError):
    """No such task (1203), or a result file that is gone."""

    category = Category.NOT_FOUND
    default_user_message = CODES[1203].user_message


class KlingProviderDownError(KlingError):
    """Kling's side failed (5000, 5001, 5002, or a bare 5xx)."""

    category = Category.PROVIDER_DOWN
    default_retryable = True
    default_user_message = CODES[5000].user_message


class KlingNetworkError(KlingError):
    """No HTTP reply at all: connect failure, timeout, connection dropped."""

    category = Category.NETWORK
    default_retryable = True
    default_user_message = "We could not reach Kling; we'll try again shortly."

    def __init__(self, message: str = "", *, timed_out: bool = False, **kwargs) -> None:
        # A timeout is not retried inside the client: it already cost the
        # full read timeout once.
        self.timed_out = timed_out
        super().__init__(message, **kwargs)


class KlingMalformedReplyError(KlingError):
    """A reply we cannot read: not JSON, no ``code``, ``data`` of the wrong shape,
    an unknown task status. Retryable by default: it is usually a proxy page or
    a transient fault, and the worker's attempt cap bounds a lasting one."""

    category = Category.MALFORMED_REPLY
    default_retryable = True
    default_user_message = "Kling sent a reply we could not understand; we'll try again shortly."


class KlingDownloadTooLargeError(KlingMalformedReplyError):
    """A result file over the caller's byte cap. Permanent."""

    default_retryable = False
    default_user_message = "The finished video from Kling is larger than we can store."


ERROR_CLASSES: dict[Category, type[KlingError]] = {
    cls.category: cls
    for cls in (
        KlingConfigurationError,
        KlingBillingError,
        KlingRateLimitError,
        KlingConcurrencyError,
        KlingInvalidInputError,
        KlingContentPolicyError,
        KlingNotFoundError,
        KlingProviderDownError,
        KlingNetworkError,
        KlingMalformedReplyError,
    )
}


def error_for_reply(
    *,
    http_status: int | None,
    code: int | None,
    provider_message: str = "",
    request_id: str | None = None,
    retry_after: float | None = None,
    outcome_unknown: bool = False,
    method: str | None = None,
    path: str | None = None,
) -> KlingError:
    """Build the exception for an HTTP reply that was not a success."""
    info = code_info(code, http_status)
    user_message = info.user_message
    if user_message is None:
        user_message = describe_rejection(provider_message)
    return ERROR_CLASSES[info.category](
        info.meaning,
        code=code,
        http_status=http_status,
        request_id=request_id,
        retry_after=retry_after,
        provider_message=provider_message,
        user_message=user_message,
        retryable=info.retryable,
        outcome_unknown=outcome_unknown,
        method=method,
        path=path,
    )
