"""Run-time options of the sandbox: timings and fault injection.

The same names are used by the command-line flags (``--fail-share 0.2``), by
``POST /_sandbox/config`` (``{"fail_share": 0.2}``) and by
``SandboxHandle.configure(fail_share=0.2)``. ``POST /_sandbox/reset`` goes back
to the options the server was started with. ``OPTION_HELP`` below says what
each one does. A ``*_share`` is a probability from 0 to 1; a ``*_next`` is a
count of the next matching events that get the fault, used up one by one, so a
test can say "the next create fails with 503, the retry works".
"""

import dataclasses
import json
from dataclasses import dataclass, field

from .errors import HTTP_STATUS

ENDPOINTS = ("create", "query", "list", "tts")
TTS_ENGINES = ("auto", "espeak", "tones")

DEFAULT_FAIL_MESSAGES = [
    "Image pixel is invalid",
    "Failure to pass the risk control system",
    "The content may violate the platform's content security policy",
]


OPTION_HELP = {
    "task_min_seconds": "shortest life of a task, submitted to its end (seconds)",
    "task_max_seconds": "longest life of a task; each one is drawn uniformly in between",
    "processing_after": "share (0..1) of a task's life spent in submitted before processing",
    "retention_seconds": "result videos and TTS audio ids expire (404) this long after made",
    "callback_timeout": "seconds a callback POST may take",
    "render_max_side": "long side of result videos in pixels",
    "render_fps": "frame rate of result videos",
    "fail_share": "share of tasks that end failed",
    "fail_next": "the next N tasks end failed",
    "fail_messages": "task_status_msg of failed tasks, picked at random ('|'-separated)",
    "rate_limit_share": "share of API requests answered 429/1302",
    "rate_limit_next": "the next N API requests are answered 429/1302",
    "rate_limit_per_second": "API requests beyond N in any second get 429/1302 (0 = off)",
    "retry_after": "Retry-After seconds sent with 429 and 503 replies (none = no header)",
    "concurrency_limit": "creates beyond N unfinished tasks get 429/1303 (0 = off)",
    "error_share": "share of API requests answered with one of error_codes",
    "error_next": "the next N API requests are answered with one of error_codes",
    "error_codes": "Kling codes for injected errors; any code of Kling's table works",
    "latency_seconds": "delay added before an API request is handled",
    "latency_share": "share of API requests that get the delay",
    "drop_after_create_share": "share of creates whose connection is closed, task made, no reply",
    "drop_after_create_next": "the next N creates make their task, then drop the connection",
    "fault_endpoints": "API calls the rate-limit, error and latency faults apply to",
    "callback_repeat_share": "share of callbacks sent twice (Kling may repeat a status)",
    "api_key": "a plain bearer key accepted besides JWTs (empty = none)",
    "tts_engine": "auto (espeak-ng when installed), espeak, or tones",
    "seed": "seeds the random choices, for repeatable runs (none = random)",
}


@dataclass
class SandboxConfig:
    task_min_seconds: float = 10.0
    task_max_seconds: float = 30.0
    processing_after: float = 0.2
    retention_seconds: float = 30 * 24 * 3600.0
    callback_timeout: float = 3.0
    render_max_side: int = 480
    render_fps: int = 15

    fail_share: float = 0.0
    fail_next: int = 0
    fail_messages: list = field(default_factory=lambda: list(DEFAULT_FAIL_MESSAGES))
    rate_limit_share: float = 0.0
    rate_limit_next: int = 0
    rate_limit_per_second: float = 0.0
    retry_after: int | None = None
    concurrency_limit: int = 0
    error_share: float = 0.0
    error_next: int = 0
    error_codes: list = field(default_factory=lambda: [5000, 5001, 5002])
    latency_seconds: float = 0.0
    latency_share: float = 1.0
    drop_after_create_share: float = 0.0
    drop_after_create_next: int = 0
    fault_endpoints: list = field(default_factory=lambda: list(ENDPOINTS))
    callback_repeat_share: float = 0.0

    api_key: str = ""
    tts_engine: str = "auto"
    seed: int | None = None

    def updated(self, options):
        """A copy with ``options`` applied; ValueError names the bad option."""
        values = dataclasses.asdict(self)
        for name, raw in options.items():
            if name not in values:
                raise ValueError(f"unknown option {name!r}")
            values[name] = _coerce(name, raw)
        # Setting one end of the task range alone moves the other end if needed,
        # so "--task-max-seconds 3" works without also lowering the minimum.
        low, high = values["task_min_seconds"], values["task_max_seconds"]
        if high < low and "task_min_seconds" not in options:
            values["task_min_seconds"] = high
        elif high < low and "task_max_seconds" not in options:
            values["task_max_seconds"] = low
        new = SandboxConfig(**values)
        new.check()
        return new

    def check(self):
        for name in _fields():
            if name.endswith("_share") and not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be between 0 and 1")
            if name.endswith(("_next", "_seconds", "_limit", "_per_second")) and (
                getattr(self, name) < 0
            ):
                raise ValueError(f"{name} must not be negative")
        if self.task_max_seconds < self.task_min_seconds:
            raise ValueError("task_max_seconds must be >= task_min_seconds")
        if not 0 <= self.processing_after <= 1:
            raise ValueError("processing_after must be between 0 and 1")
        if self.render_max_side < 64 or self.render_fps < 1:
            raise ValueError("render_max_side must be >= 64 and render_fps >= 1")
        unknown = set(self.fault_endpoints) - set(ENDPOINTS)
        if unknown:
            raise ValueError(f"fault_endpoints: unknown {sorted(unknown)}; use {ENDPOINTS}")
        if self.tts_engine not in TTS_ENGINES:
            raise ValueError(f"tts_engine must be one of {TTS_ENGINES}")
        bad = [code for code in self.error_codes if code not in HTTP_STATUS]
        if bad or not self.error_codes:
            raise ValueError(f"error_codes must be Kling codes, got {self.error_codes}")
        if not self.fail_messages:
            raise ValueError("fail_messages must not be empty")

    def as_dict(self):
        return dataclasses.asdict(self)


def _fields():
    return {f.name: f for f in dataclasses.fields(SandboxConfig)}


def _coerce(name, raw):
    """Accept JSON values and the strings a command line gives."""
    default = getattr(SandboxConfig(), name)
    try:
        if name in ("retry_after", "seed"):
            return None if raw in (None, "", "none", "null") else int(raw)
        if isinstance(default, list):
            # Messages may hold commas, so a command line separates them with "|".
            separator = "|" if name == "fail_messages" else ","
            items = raw.split(separator) if isinstance(raw, str) else list(raw)
            items = [item.strip() if isinstance(item, str) else item for item in items]
            items = [item for item in items if item != ""]
            return [int(item) for item in items] if name == "error_codes" else items
        if isinstance(default, bool):
            return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes")
        if isinstance(default, int):
            if isinstance(raw, float) and not raw.is_integer():
                raise ValueError
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        return str(raw)
    except (TypeError, ValueError):
        raise ValueError(f"bad value for {name}: {json.dumps(raw, default=str)}")
