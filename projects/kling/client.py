"""Kling's Avatar API endpoints: ``KlingClient`` and ``get_client``.

``KlingClient`` is a ``Transport`` (``transport.py``: the session, signing,
timeouts, the token-renewal and GET retries, caps and logging) plus one method
per endpoint: it checks what is cheap to check before sending (``limits.py``),
builds the request body, and parses the reply into ``types.py`` objects. The
endpoint methods retry nothing; the transport's two narrow retries are listed
in ``transport.py``, and how long a caller should wait before trying again is
``retry.py``'s.

``Transport`` is a base class rather than an attribute so that a subclass can
override ``_send`` and still see every request (bench/renders_follow.py counts
calls that way).
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlsplit

from django.conf import settings

from . import limits
from .errors import KlingInvalidInputError, KlingMalformedReplyError
from .replies import envelope_request_id
from .result_hosts import DEFAULT_RESULT_HOSTS, ResultHosts
from .transport import DOWNLOAD_CHUNK_BYTES, Transport
from .types import (
    ReplyShapeError,
    Task,
    TaskPage,
    TtsAudio,
    parse_task,
    parse_task_list,
    parse_tts,
)

logger = logging.getLogger(__name__)

AVATAR_PATH = "/v1/videos/avatar/image2video"
TTS_PATH = "/v1/audio/tts"

# The forms check Kling's finer limits (pixels, durations); the client checks
# what is cheap and would otherwise cost a slow upload of megabytes of base64
# for a sure refusal.
MAX_IMAGE_BYTES = limits.PORTRAIT_MAX_BYTES
MAX_SOUND_BYTES = limits.VOICEOVER_MAX_BYTES
MAX_PROMPT_CHARS = limits.PROMPT_MAX_CHARS
MAX_TTS_CHARS = limits.SCRIPT_MAX_CHARS
MODES = limits.MODES
VOICE_LANGUAGES = limits.VOICE_LANGUAGES
MIN_VOICE_SPEED, MAX_VOICE_SPEED = limits.MIN_VOICE_SPEED, limits.MAX_VOICE_SPEED
MAX_PAGE_NUM, MAX_PAGE_SIZE = limits.MAX_PAGE_NUM, limits.MAX_PAGE_SIZE
DEFAULT_PAGE_SIZE = 30

Media = bytes | bytearray | memoryview | str | os.PathLike | IO[bytes]


class KlingClient(Transport):
    """A client for Kling's Avatar API. One per process or thread (not shared
    across threads: ``requests.Session`` is not thread-safe).

    ``KlingClient(base_url=..., access_key=..., secret_key=...)`` or
    ``api_key=...``; optional ``connect_timeout``, ``read_timeout`` (seconds)
    and ``clock``.
    """

    def __repr__(self) -> str:
        return f"<KlingClient base_url={self.base_url!r} auth={self._credentials.kind}>"

    # --- Avatar tasks -------------------------------------------------------

    def create_task(
        self,
        *,
        image: Media,
        sound_file: Media | None = None,
        audio_id: str | None = None,
        prompt: str = "",
        mode: str = "std",
        watermark: bool | None = None,
        callback_url: str | None = None,
        external_task_id: str | None = None,
    ) -> Task:
        """Submit a portrait and a voiceover; returns the task as Kling created it.

        ``image`` and ``sound_file`` are URLs (str starting with http(s)://),
        or bytes, a file path or a binary file object, sent as raw base64.
        Exactly one of ``sound_file`` and ``audio_id`` (from ``text_to_speech``).
        Never retried here: on a ``KlingError`` with ``outcome_unknown``, look
        the task up by ``external_task_id`` before creating it again.
        """
        if (sound_file is None) == (not audio_id):
            raise KlingInvalidInputError(
                "exactly one of sound_file and audio_id is required",
                user_message="A video needs exactly one voiceover: an audio file or a TTS voice.",
            )
        if mode not in MODES:
            raise KlingInvalidInputError(f"mode must be one of {', '.join(MODES)}")
        prompt = prompt or ""
        if len(prompt) > MAX_PROMPT_CHARS:
            raise KlingInvalidInputError(
                f"prompt is longer than {MAX_PROMPT_CHARS} characters",
                user_message=f"The prompt must be at most {MAX_PROMPT_CHARS} characters.",
            )
        body: dict[str, Any] = {
            "image": _media_field(image, what="photo", max_bytes=MAX_IMAGE_BYTES),
            "mode": mode,
        }
        if sound_file is not None:
            body["sound_file"] = _media_field(
                sound_file, what="voiceover", max_bytes=MAX_SOUND_BYTES
            )
        else:
            body["audio_id"] = str(audio_id)
        if prompt:
            body["prompt"] = prompt
        if watermark is not None:
            body["watermark_info"] = {"enabled": bool(watermark)}
        if callback_url:
            if urlsplit(callback_url).scheme not in ("http", "https"):
                raise KlingInvalidInputError("callback_url must be an http(s) URL")
            body["callback_url"] = callback_url
        if external_task_id:
            body["external_task_id"] = str(external_task_id)
        reply = self._call_api("POST", AVATAR_PATH, body=body)
        return self._parse(parse_task, reply, "POST", AVATAR_PATH, outcome_unknown=True)

    def get_task(self, task_id: str) -> Task:
        """The current state of one task, by Kling's ``task_id``."""
        task = self._get_one(task_id)
        if task.task_id != task_id:
            raise KlingMalformedReplyError(f"asked for task {task_id}, got {task.task_id}")
        return task

    def get_task_by_external_id(self, external_task_id: str) -> Task:
        """The task created with this ``external_task_id``.

        Same path as ``get_task``: Kling accepts either id there. Raises
        ``KlingNotFoundError`` when Kling has no such task, which after an
        unknown create outcome means it is safe to create again.
        """
        task = self._get_one(external_task_id)
        # Guard against the path matching a *task_id* that happens to equal
        # our id: a render must never adopt someone else's task.
        if task.external_task_id not in (None, external_task_id):
            raise KlingMalformedReplyError(
                f"asked for external id {external_task_id}, got {task.external_task_id}"
            )
        return task

    def list_tasks(self, *, page_num: int = 1, page_size: int = DEFAULT_PAGE_SIZE) -> TaskPage:
        """One page of the account's tasks, newest first."""
        for name, value, top in (
            ("page_num", page_num, MAX_PAGE_NUM),
            ("page_size", page_size, MAX_PAGE_SIZE),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
                raise KlingInvalidInputError(f"{name} must be an integer from 1 to {top}")
        reply = self._call_api(
            "GET", AVATAR_PATH, params={"pageNum": page_num, "pageSize": page_size}
        )
        tasks = self._parse(parse_task_list, reply, "GET", AVATAR_PATH)
        return TaskPage(
            tasks=tasks,
            page_num=page_num,
            page_size=page_size,
            request_id=envelope_request_id(reply),
        )

    def iter_tasks(self, *, page_size: int = MAX_PAGE_SIZE, max_pages: int = 10) -> Iterator[Task]:
        """Tasks across pages, newest first, until a short page or ``max_pages``."""
        for page_num in range(1, min(max_pages, MAX_PAGE_NUM) + 1):
            page = self.list_tasks(page_num=page_num, page_size=page_size)
            yield from page.tasks
            if not page.may_have_more:
                return

    # --- Text to speech -----------------------------------------------------

    def text_to_speech(
        self,
        text: str,
        *,
        voice_id: str,
        voice_language: str = "en",
        voice_speed: float = 1.0,
    ) -> TtsAudio:
        """Synthesize a voiceover; pass the result's ``id`` as ``audio_id``.

        Billed per call and not retried here (no id to look it up by).
        """
        text = (text or "").strip()
        if not text or len(text) > MAX_TTS_CHARS:
            raise KlingInvalidInputError(
                f"text must be 1 to {MAX_TTS_CHARS} characters",
                user_message=f"The script must be between 1 and {MAX_TTS_CHARS} characters.",
            )
        if not voice_id:
            raise KlingInvalidInputError("voice_id is required")
        if voice_language not in VOICE_LANGUAGES:
            raise KlingInvalidInputError(
                f"voice_language must be one of {', '.join(VOICE_LANGUAGES)}"
            )
        # Kling takes one decimal.
        speed = round(float(voice_speed), 1)
        if not MIN_VOICE_SPEED <= speed <= MAX_VOICE_SPEED:
            raise KlingInvalidInputError(
                f"voice_speed must be from {MIN_VOICE_SPEED} to {MAX_VOICE_SPEED}"
            )
        body = {
            "text": text,
            "voice_id": voice_id,
            "voice_language": voice_language,
            "voice_speed": speed,
        }
        reply = self._call_api("POST", TTS_PATH, body=body)
        return self._parse(parse_tts, reply, "POST", TTS_PATH, outcome_unknown=True)

    # --- Result files -------------------------------------------------------

    def download(
        self,
        url: str,
        fileobj: IO[bytes],
        *,
        max_bytes: int,
        chunk_size: int = DOWNLOAD_CHUNK_BYTES,
        max_seconds: float | None = None,
    ) -> int:
        """Stream a result URL into ``fileobj``; returns the number of bytes written.

        Memory stays at about ``chunk_size``. Over ``max_bytes`` (announced or
        actual) raises ``KlingDownloadTooLargeError``; past ``max_seconds`` of
        wall time raises a retryable ``KlingNetworkError``. On any error part
        of the file may have been written: write to a temporary file and keep
        it only on success. Sends no Authorization header (CDN URLs).

        Fetches only what ``result_hosts`` allows, following at most
        ``MAX_REDIRECTS`` redirects, each checked the same way; anything else
        raises ``KlingDownloadRefusedError`` before a byte is sent to it.
        """
        return self._download(
            url, fileobj, max_bytes=max_bytes, chunk_size=chunk_size, max_seconds=max_seconds
        )

    # --- Requests and replies ------------------------------------------------

    def _get_one(self, id_: str) -> Task:
        if not isinstance(id_, str) or not id_.strip():
            raise KlingInvalidInputError("a task id is required")
        # quote() with safe="" so that an id with "/" or "?" stays one path segment.
        path = f"{AVATAR_PATH}/{quote(id_, safe='')}"
        reply = self._call_api("GET", path)
        return self._parse(parse_task, reply, "GET", path)

    def _parse(self, parser, reply: dict, method: str, path: str, outcome_unknown=False):
        try:
            return parser(reply.get("data"))
        except ReplyShapeError as exc:
            logger.warning("kling %s %s: malformed reply: %s", method, path, exc)
            raise KlingMalformedReplyError(
                str(exc),
                code=reply.get("code"),
                request_id=envelope_request_id(reply),
                http_status=200,
                # Kling said code 0: after a create, a task probably exists.
                outcome_unknown=outcome_unknown,
                method=method,
                path=path,
            ) from None


def _media_field(value: Media, *, what: str, max_bytes: int) -> str:
    """A URL as it is, anything else as raw base64 (Kling rejects a data: prefix)."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.lower().startswith(("http://", "https://")):
            return stripped
        if stripped.lower().startswith("data:"):
            raise KlingInvalidInputError(f"{what}: pass bytes, a path or a URL, not a data: URL")
        value = Path(value)
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
    elif isinstance(value, os.PathLike):
        path = Path(value)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise _too_big(what, max_bytes)
            data = path.read_bytes()
        except OSError:
            raise KlingInvalidInputError(f"{what}: file cannot be read") from None
    elif hasattr(value, "read"):
        if hasattr(value, "seek"):
            value.seek(0)
        data = value.read(max_bytes + 1)
        if not isinstance(data, bytes):
            raise KlingInvalidInputError(f"{what}: file must be opened in binary mode")
    else:
        raise KlingInvalidInputError(f"{what}: unsupported type {type(value).__name__}")
    if not data:
        raise KlingInvalidInputError(f"{what}: file is empty", user_message=f"The {what} is empty.")
    if len(data) > max_bytes:
        raise _too_big(what, max_bytes)
    return base64.b64encode(data).decode("ascii")


def _too_big(what: str, max_bytes: int) -> KlingInvalidInputError:
    megabytes = max_bytes // limits.MB
    return KlingInvalidInputError(
        f"{what}: over {max_bytes} bytes",
        user_message=f"The {what} is larger than Kling accepts ({megabytes} MB).",
    )


def get_client(**overrides: Any) -> KlingClient:
    """A client configured from Django settings (the local sandbox when no keys are set).

    Keyword arguments override single settings, e.g. ``read_timeout=10``.
    """
    options: dict[str, Any] = {
        "base_url": settings.KLING_API_BASE,
        "access_key": settings.KLING_ACCESS_KEY,
        "secret_key": settings.KLING_SECRET_KEY,
        "api_key": getattr(settings, "KLING_API_KEY", "") or None,
        "connect_timeout": settings.KLING_CONNECT_TIMEOUT,
        "read_timeout": settings.KLING_READ_TIMEOUT,
        "result_hosts": configured_result_hosts(),
    }
    options.update(overrides)
    return KlingClient(**options)


def configured_result_hosts() -> ResultHosts:
    """Where result files may come from: KLING_RESULT_HOSTS (or our best guess
    at Kling's CDN), and in practice mode the sandbox's own address."""
    return ResultHosts(
        hosts=tuple(settings.KLING_RESULT_HOSTS) or DEFAULT_RESULT_HOSTS,
        sandbox_origin=settings.KLING_API_BASE if settings.KLING_USES_SANDBOX else "",
    )
