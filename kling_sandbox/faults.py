"""Deciding, request by request, which configured fault happens.

All decisions go through one lock and one random generator, so ``seed`` makes a
run reproducible and the ``*_next`` counters are used up exactly once each.
"""

import random
import threading
import time
from collections import deque

from .config import SandboxConfig
from .errors import HTTP_STATUS, ApiError


class Faults:
    def __init__(self, config=None):
        self._lock = threading.Lock()
        self._rng = random.Random()
        self._recent = deque()  # monotonic times of API requests let through
        self.config = config or SandboxConfig()

    def set_config(self, config):
        with self._lock:
            self.config = config
            self._recent.clear()
            if config.seed is not None:
                self._rng.seed(config.seed)

    def _applies(self, endpoint):
        return endpoint in self.config.fault_endpoints

    def _fires(self, share_name, next_name):
        """True when the ``*_next`` counter has one left, or the ``*_share`` dice say so."""
        config = self.config
        if getattr(config, next_name) > 0:
            setattr(config, next_name, getattr(config, next_name) - 1)
            return True
        share = getattr(config, share_name)
        return share > 0 and self._rng.random() < share

    def latency(self, endpoint):
        with self._lock:
            config = self.config
            if not (self._applies(endpoint) and config.latency_seconds > 0):
                return 0.0
            return config.latency_seconds if self._rng.random() < config.latency_share else 0.0

    def check_request(self, endpoint):
        """Raise the 5xx or 429/1302 this request gets, if any."""
        with self._lock:
            if not self._applies(endpoint):
                return
            config = self.config
            if self._fires("error_share", "error_next"):
                code = self._rng.choice(config.error_codes)
                raise ApiError(code, headers=self._retry_after(code))
            if self._fires("rate_limit_share", "rate_limit_next"):
                raise ApiError(1302, headers=self._retry_after(1302))
            if config.rate_limit_per_second > 0:
                now = time.monotonic()
                while self._recent and now - self._recent[0] >= 1.0:
                    self._recent.popleft()
                if len(self._recent) >= config.rate_limit_per_second:
                    raise ApiError(1302, headers=self._retry_after(1302))
                self._recent.append(now)

    def concurrency_error(self):
        return ApiError(1303, headers=self._retry_after(1303))

    def _retry_after(self, code):
        seconds = self.config.retry_after
        if seconds is None or HTTP_STATUS[code] not in (429, 503):
            return {}
        return {"Retry-After": str(seconds)}

    def drop_after_create(self):
        with self._lock:
            return self._fires("drop_after_create_share", "drop_after_create_next")

    def task_failure(self):
        """The ``task_status_msg`` a new task will fail with, or None."""
        with self._lock:
            if self._fires("fail_share", "fail_next"):
                return self._rng.choice(self.config.fail_messages)
            return None

    def task_seconds(self):
        with self._lock:
            config = self.config
            total = self._rng.uniform(config.task_min_seconds, config.task_max_seconds)
            return total, total * config.processing_after

    def repeat_callback(self):
        with self._lock:
            share = self.config.callback_repeat_share
            return share > 0 and self._rng.random() < share
