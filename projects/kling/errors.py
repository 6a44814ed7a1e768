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

``retry_delay(attempt)`` is None for a permanent error, else the wait that
``retry.retry_delay`` gives. ``error_for_reply`` builds the right exception
for a refusal from Kling's code table (``codes.py``) and wording
(``wording.py``).

Messages are built only from these fields: no key, token or request body ever
ends up in an exception's text, ``args`` or ``repr``.
"""

from __future__ import annotations

from . import retry
from .codes import CODES, Category, code_info
from .wording import ADMIN_HINT, MAX_QUOTED, describe_rejection

# Re-exported: tests/kling/test_errors.py imports it from here.
from .wording import describe_task_failure as describe_task_failure


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

        The product's one policy, ``retry.retry_delay``: back-off with jitter
        from this code's or category's base, never less than ``retry_after``.
        """
        if not self.retryable:
            return None
        return retry.retry_delay(attempt, self)

    def _summary(self) -> str:
        facts = []
        if self.method and self.path:
            facts.append(f"{self.method} {self.path}")
        if self.http_status is not None:
            facts.append(f"HTTP {self.http_status}")
        if self.code is not None:
            facts.append(f"code {self.code}")
        if self.detail:
            facts.append(self.detail[:MAX_QUOTED])
        if self.provider_message and self.provider_message != self.detail:
            facts.append(f"Kling said {self.provider_message[:MAX_QUOTED]!r}")
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


class KlingDownloadRefusedError(KlingMalformedReplyError):
    """A result URL or redirect we do not fetch: not http(s), a host that is not
    Kling's, or an address inside a network (``result_hosts.py``). Permanent,
    except when a host name points to such an address: names can change."""

    default_retryable = False
    default_user_message = "Kling sent the video from an address we do not download from."


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
