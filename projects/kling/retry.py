"""The one retry policy of Avatar Studio: how long to wait before trying again.

``retry_delay(attempt, error)`` is the number of seconds to wait before attempt
number ``attempt + 1`` (``attempt`` counts from 0), for any error: a Kling
error, or anything else that failed and is worth another go (a failed ffmpeg
check while archiving, say). It does not decide *whether* to retry: for a
Kling error, ``KlingError.retry_delay(attempt)`` says None when it is permanent.

Exponential back-off with jitter, so that many renders hitting the same limit
do not come back in lockstep: a random wait between ``base`` and
``min(BACKOFF_CAP, base * 2**(attempt + 1))``, where ``base`` is

1. the code's own ``wait_seconds`` in Kling's code table (``codes.CODES``),
   e.g. 1303, concurrency: a slot frees only when another render ends;
2. else the error category's base (``BACKOFF_BASE``);
3. else ``DEFAULT_BACKOFF_BASE``, for errors that are not Kling errors.

A ``retry_after`` attribute on the error (a ``Retry-After`` header, in
seconds) is always honoured as a floor, even above the cap.

A Kling error is recognised by its ``category`` (a ``codes.Category``), not by
its class, so that this module needs nothing from ``errors.py`` (which uses it).
"""

from __future__ import annotations

import math
import random

from .codes import CODES, Category

# Seconds, per category, when the code has no wait of its own. Rate limits:
# Kling asks for exponential back-off from at least 1 s; outages and dropped
# connections are usually over in seconds, and the doubling covers long ones.
BACKOFF_BASE: dict[Category, float] = {
    Category.RATE_LIMITED: 1.0,
    # A concurrency error without a code waits like 1303, the only such code.
    Category.CONCURRENCY_LIMITED: CODES[1303].wait_seconds,
    Category.PROVIDER_DOWN: 1.0,
    Category.NETWORK: 1.0,
    Category.MALFORMED_REPLY: 1.0,
    Category.CONFIGURATION: 1.0,  # only 1003, clock skew, is retryable
}
# For a category not above, and for errors that are not Kling errors.
DEFAULT_BACKOFF_BASE = 5.0
# No back-off grows beyond this (a Retry-After may ask for more).
BACKOFF_CAP = 300.0
# 2**64 times any base is past the cap; a bigger exponent would only overflow.
_MAX_EXPONENT = 64


def backoff_base(error: Exception | None) -> float:
    """The shortest wait for ``error``: per code, else per category, else the default."""
    category = getattr(error, "category", None)
    if not isinstance(category, Category):
        return DEFAULT_BACKOFF_BASE
    code = getattr(error, "code", None)
    info = CODES.get(code) if isinstance(code, int) else None
    if info is not None and info.wait_seconds is not None:
        return info.wait_seconds
    return BACKOFF_BASE.get(category, DEFAULT_BACKOFF_BASE)


def retry_delay(attempt: int, error: Exception | None = None) -> float:
    """Seconds to wait before attempt number ``attempt + 1`` after ``error``."""
    base = min(backoff_base(error), BACKOFF_CAP)
    exponent = min(max(0, attempt) + 1, _MAX_EXPONENT)
    backoff = min(BACKOFF_CAP, base * (2**exponent))
    delay = random.uniform(base, max(base, backoff))
    floor = _retry_after(error)
    if floor is not None:
        delay = max(delay, floor)
    return delay


def _retry_after(error: Exception | None) -> float | None:
    value = getattr(error, "retry_after", None)
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return None
    return float(value)
