"""The one HTTP seam between Avatar Studio and Kling's Avatar API.

Everything that leaves the process for Kling goes through ``KlingClient._send``:
one ``requests.Session`` with connect and read timeouts, no automatic retries
inside urllib3, and errors turned into the typed exceptions of ``errors.py``.

Retries, by design:

* A create (or a TTS call) is never retried here: after a timeout Kling may
  already have made, and will bill, the task. The caller sees
  ``outcome_unknown`` and decides (ask by ``external_task_id`` first).
* A reply of 1004 (token expired) is retried once with a freshly signed token,
  for every call: Kling refused the request, so nothing happened.
* A GET is retried once after a connection error that is not a timeout (a
  pooled keep-alive connection that the server had closed, a reset). Timeouts
  are not retried, so one call never waits much longer than one
  connect + read timeout: the worker's task timeout is sized on that.
"""

from __future__ import annotations

import base64
import email.utils
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError
from urllib3.util.retry import Retry

from . import limits
from .auth import ApiKeyCredentials, JwtCredentials
from .errors import (
    Category,
    KlingConfigurationError,
    KlingDownloadTooLargeError,
    KlingError,
    KlingInvalidInputError,
    KlingMalformedReplyError,
    KlingNetworkError,
    KlingNotFoundError,
    error_for_reply,
)
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

# API replies are a few kB (a full list page some hundred kB); anything much
# bigger is not Kling talking, and must not fill the worker's memory.
MAX_REPLY_BYTES = 8 * 1024 * 1024
DOWNLOAD_CHUNK_BYTES = 1024 * 1024
USER_AGENT = "AvatarStudio/1.0"
_REDACTED = "[redacted]"

Media = bytes | bytearray | memoryview | str | os.PathLike | IO[bytes]


class _Bearer(requests.auth.AuthBase):
    # Passing auth as an object (rather than a header) also stops requests
    # from replacing it with credentials from a ~/.netrc.
    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return "<_Bearer>"


class _NoAuth(requests.auth.AuthBase):
    # Result URLs are public CDN links: they get no Authorization header, and
    # no ~/.netrc credentials either.
    def __call__(self, request):
        return request


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: integer seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # "-0000" parses naive; HTTP dates are GMT
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - now
    if seconds != seconds or seconds == float("inf"):  # NaN, inf
        return None
    return max(0.0, seconds)


def _failed_before_sending(exc: requests.RequestException) -> bool:
    """True only when we know no byte of the request reached the server."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.SSLError | requests.exceptions.ProxyError):
        # Could have failed mid-stream, or at a proxy that did forward: unknown.
        return False
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = exc.args[0] if exc.args else None
        if isinstance(reason, MaxRetryError):
            reason = reason.reason
        # NewConnectionError covers refused connections and DNS failures.
        return isinstance(reason, NewConnectionError | ConnectTimeoutError)
    return False


def _describe_network_failure(exc: requests.RequestException, sent: bool) -> str:
    # Built from the exception's type only: its text can hold URLs and, for
    # InvalidHeader, a header value.
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        what = "connect timed out"
    elif not sent:
        what = "could not connect"
    elif isinstance(exc, requests.exceptions.ReadTimeout) or "timed out" in repr(exc.args):
        what = "read timed out"
    elif isinstance(exc, requests.exceptions.SSLError):
        what = "TLS failed"
    else:
        what = "connection broken after sending"
    return f"{what} ({type(exc).__name__})"


class KlingClient:
    """A client for Kling's Avatar API. One per process or thread (not shared
    across threads: ``requests.Session`` is not thread-safe)."""

    def __init__(
        self,
        *,
        base_url: str,
        access_key: str | None = None,
        secret_key: str | None = None,
        api_key: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        base_url = (base_url or "").strip().rstrip("/")
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise KlingConfigurationError("KLING_API_BASE must be an http(s) URL")
        self.base_url = base_url
        self.connect_timeout = float(connect_timeout)
        self.read_timeout = float(read_timeout)
        self._clock = clock
        try:
            # The API key wins when set: configuring one is an explicit choice.
            if api_key:
                self._credentials = ApiKeyCredentials(api_key)
            elif access_key and secret_key:
                self._credentials = JwtCredentials(access_key, secret_key, clock=clock)
            else:
                raise ValueError("Kling needs an access key and a secret key, or an API key")
        except ValueError as exc:
            raise KlingConfigurationError(str(exc)) from None
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        # Only downloads follow redirects (CDNs use them); a handful is plenty.
        self._session.max_redirects = 5
        # No retries inside urllib3 (read=False: never resend after the request
        # went out); the policy lives in _call_api, where it can be reasoned about.
        adapter = HTTPAdapter(max_retries=Retry(total=0, read=False, redirect=False))
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    def __repr__(self) -> str:
        return f"<KlingClient base_url={self.base_url!r} auth={self._credentials.kind}>"

    @property
    def auth_kind(self) -> str:
        """``"jwt"`` or ``"api_key"``."""
        return self._credentials.kind

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> KlingClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

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
            request_id=_request_id(reply),
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
        """
        split = urlsplit(url or "")
        if split.scheme not in ("http", "https") or not split.netloc:
            raise KlingMalformedReplyError("result URL is not an http(s) URL", retryable=False)
        # Logged and reported without the query string, which may be a signature.
        log_path = f"{split.netloc}{split.path}"
        started = time.monotonic()
        response = self._send(
            "GET", url, log_path=log_path, auth=_NoAuth(), stream=True, allow_redirects=True
        )
        with response:
            status = response.status_code
            if status != 200:
                self._log(logging.WARNING, "GET", log_path, status, None, None, started)
                if status in (403, 404, 410):
                    raise KlingNotFoundError(
                        "result file is gone",
                        http_status=status,
                        method="GET",
                        path=log_path,
                        user_message=(
                            "Kling no longer has this video file "
                            "(it deletes results after 30 days)."
                        ),
                    )
                raise error_for_reply(
                    http_status=status,
                    code=None,
                    retry_after=parse_retry_after(
                        response.headers.get("Retry-After"), self._clock()
                    ),
                    method="GET",
                    path=log_path,
                )
            announced = response.headers.get("Content-Length", "")
            if announced.isdigit() and int(announced) > max_bytes:
                raise KlingDownloadTooLargeError(
                    f"result file announces {announced} bytes, over the {max_bytes} cap",
                    http_status=status,
                    method="GET",
                    path=log_path,
                )
            written = 0
            try:
                for chunk in response.iter_content(chunk_size):
                    written += len(chunk)
                    if written > max_bytes:
                        raise KlingDownloadTooLargeError(
                            f"result file is over the {max_bytes} byte cap",
                            http_status=status,
                            method="GET",
                            path=log_path,
                        )
                    fileobj.write(chunk)
                    if max_seconds is not None and time.monotonic() - started > max_seconds:
                        raise KlingNetworkError(
                            f"download took longer than {max_seconds:g} s",
                            http_status=status,
                            method="GET",
                            path=log_path,
                        )
            except requests.RequestException as exc:
                raise self._network_error(exc, "GET", log_path, started) from None
        self._log(logging.INFO, "GET", log_path, status, None, None, started, size=written)
        return written

    # --- The seam -----------------------------------------------------------

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
                request_id=_request_id(reply),
                http_status=200,
                # Kling said code 0: after a create, a task probably exists.
                outcome_unknown=outcome_unknown,
                method=method,
                path=path,
            ) from None

    def _call_api(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Send one API call; return the reply envelope when ``code`` is 0."""
        renewed = False
        network_retries = 1 if method == "GET" else 0
        while True:
            started = time.monotonic()
            try:
                response = self._send(
                    method,
                    self.base_url + path,
                    log_path=path,
                    params=params,
                    body=body,
                    auth=_Bearer(self._credentials.bearer()),
                    stream=True,
                    allow_redirects=False,
                )
                with response:
                    content = self._read_capped(response, method, path, started)
            except KlingNetworkError as err:
                if network_retries and not err.timed_out:
                    network_retries -= 1
                    logger.info("kling %s %s: retrying once after %s", method, path, err.detail)
                    continue
                raise
            try:
                return self._interpret(response, content, method, path, started)
            except KlingError as err:
                if err.code == 1004 and not renewed and self._credentials.renew():
                    # Kling refused the request outright, so resending is safe
                    # even for a create.
                    renewed = True
                    logger.info("kling %s %s: token expired, renewed, retrying", method, path)
                    continue
                raise

    def _send(
        self,
        method: str,
        url: str,
        *,
        log_path: str,
        auth: requests.auth.AuthBase,
        stream: bool,
        allow_redirects: bool,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
    ) -> requests.Response:
        started = time.monotonic()
        data = None
        headers = {"Accept": "application/json"}
        if body is not None:
            data = json.dumps(body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        try:
            return self._session.request(
                method,
                url,
                params=params,
                data=data,
                headers=headers,
                auth=auth,
                timeout=(self.connect_timeout, self.read_timeout),
                stream=stream,
                allow_redirects=allow_redirects,
            )
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
            requests.exceptions.InvalidHeader,
        ) as exc:
            raise KlingConfigurationError(
                f"request could not be built ({type(exc).__name__})", method=method, path=log_path
            ) from None
        except requests.exceptions.TooManyRedirects:
            raise KlingMalformedReplyError(
                "too many redirects", method=method, path=log_path
            ) from None
        except requests.RequestException as exc:
            raise self._network_error(exc, method, log_path, started) from None

    def _read_capped(self, response: requests.Response, method, path, started) -> bytes:
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > MAX_REPLY_BYTES:
                    raise KlingMalformedReplyError(
                        f"reply is over {MAX_REPLY_BYTES} bytes",
                        http_status=response.status_code,
                        outcome_unknown=True,
                        method=method,
                        path=path,
                    )
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise self._network_error(exc, method, path, started) from None
        return b"".join(chunks)

    def _network_error(self, exc, method: str, path: str, started: float) -> KlingNetworkError:
        sent = not _failed_before_sending(exc)
        detail = _describe_network_failure(exc, sent)
        self._log(logging.WARNING, method, path, None, None, None, started, note=detail)
        return KlingNetworkError(
            detail,
            outcome_unknown=sent,
            timed_out="timed out" in detail,
            method=method,
            path=path,
        )

    def _interpret(
        self, response: requests.Response, content: bytes, method: str, path: str, started
    ) -> dict[str, Any]:
        status = response.status_code
        try:
            payload = json.loads(content) if content else None
        except ValueError:  # JSONDecodeError and UnicodeDecodeError
            payload = None
        envelope = payload if isinstance(payload, dict) else {}
        code = envelope.get("code")
        if isinstance(code, bool) or not isinstance(code, int):
            code = None
        request_id = _request_id(envelope)
        retry_after = parse_retry_after(response.headers.get("Retry-After"), self._clock())

        if 200 <= status < 300 and code == 0:
            self._log(
                logging.DEBUG if method == "GET" else logging.INFO,
                method,
                path,
                status,
                code,
                request_id,
                started,
            )
            return envelope

        self._log(logging.WARNING, method, path, status, code, request_id, started)
        if status < 400 and code is None:
            # A 2xx without Kling's envelope, or a redirect we do not follow:
            # a proxy page or a changed API. After a create, a task may exist.
            what = "not JSON" if payload is None else "no integer code"
            raise KlingMalformedReplyError(
                f"reply is {what}",
                http_status=status,
                request_id=request_id,
                retry_after=retry_after,
                outcome_unknown=True,
                method=method,
                path=path,
            )
        err = error_for_reply(
            http_status=status,
            code=code if code != 0 else None,
            provider_message=self._redact(envelope.get("message")),
            request_id=request_id,
            retry_after=retry_after,
            method=method,
            path=path,
        )
        # A 5xx may come after Kling acted (e.g. created the task, then timed
        # out answering); a 4xx with a code is a definite refusal.
        err.outcome_unknown = err.category == Category.PROVIDER_DOWN
        raise err

    def _redact(self, text: Any) -> str:
        """The provider's message, with any of our secrets blanked out."""
        if text is None:
            return ""
        text = str(text)[:1000]
        for secret in self._credentials.secrets():
            text = text.replace(secret, _REDACTED)
        return text

    def _log(self, level, method, path, status, code, request_id, started, *, note="", size=None):
        # Only these fields, ever: no headers, no bodies (base64 media), no keys.
        elapsed_ms = (time.monotonic() - started) * 1000
        logger.log(
            level,
            "kling %s %s -> %s code=%s request_id=%s %.0fms%s%s",
            method,
            path,
            status if status is not None else "no reply",
            code,
            request_id,
            elapsed_ms,
            f" bytes={size}" if size is not None else "",
            f" ({note})" if note else "",
        )


def _request_id(envelope: dict[str, Any]) -> str | None:
    value = envelope.get("request_id")
    return str(value)[:200] if isinstance(value, str | int) and value != "" else None


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
    megabytes = max_bytes // (1024 * 1024)
    return KlingInvalidInputError(
        f"{what}: over {max_bytes} bytes",
        user_message=f"The {what} is larger than Kling accepts ({megabytes} MB).",
    )


def get_client(**overrides: Any) -> KlingClient:
    """A client configured from Django settings (the local sandbox when no keys are set).

    Keyword arguments override single settings, e.g. ``read_timeout=10``.
    """
    from django.conf import settings

    options: dict[str, Any] = {
        "base_url": settings.KLING_API_BASE,
        "access_key": settings.KLING_ACCESS_KEY,
        "secret_key": settings.KLING_SECRET_KEY,
        "api_key": getattr(settings, "KLING_API_KEY", "") or None,
        "connect_timeout": settings.KLING_CONNECT_TIMEOUT,
        "read_timeout": settings.KLING_READ_TIMEOUT,
    }
    options.update(overrides)
    return KlingClient(**options)
