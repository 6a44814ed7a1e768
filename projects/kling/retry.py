"""PROVISIONAL: replaced by the kling branch's retry policy at merge."""

import random

DEFAULT_BASE = 5.0
CAP = 600.0


def retry_delay(attempt: int, error: Exception | None = None) -> float:
    from projects.kling.errors import _BACKOFF_BASE

    category = getattr(error, "category", None)
    base = _BACKOFF_BASE.get(category, DEFAULT_BASE)
    delay = random.uniform(base, max(base, min(CAP, base * 2 ** max(0, attempt))))
    retry_after = getattr(error, "retry_after", None)
    return max(delay, retry_after) if retry_after is not None else delay
