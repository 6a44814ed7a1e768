"""The one HTTP seam between Avatar Studio and Kling: ``Transport``.

Everything that leaves the process for Kling goes through ``Transport._send``:
one ``requests.Session`` with connect and read timeouts, no automatic retries
inside urllib3, and errors turned into the typed exceptions of ``errors.py``.
Here too: signing (auth header objects), the reply-size cap, Retry-After
parsing, result downloads (over a second session, following redirects here,
each URL checked first: ``result_hosts.py``), and the request log, which never
holds a key, token, header or body (provider messages get our secrets blanked out).
``KlingClient`` (``client.py``) is a ``Transport`` plus Kling's endpoints.

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

How long to wait before a later attempt is ``retry.py``'s business.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import IO, Any, Self
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from . import limits
from .auth import credentials_for
from .codes import Category
from .errors import (
    KlingConfigurationError,
    KlingDownloadRefusedError,
    KlingDownloadTooLargeError,
    KlingError,
    KlingMalformedReplyError,
    KlingNetworkError,
    KlingNotFoundError,
    error_for_reply,
)
from .replies import (
    describe_network_failure,
    envelope_request_id,
    failed_before_sending,
    parse_retry_after,
)
from .result_hosts import ResultHosts, guarded_session, loggable, redirect_target

logger = logging.getLogger(__name__)

# API replies are a few kB (a full list page some hundred kB); anything much
# bigger is not Kling talking, and must not fill the worker's memory.
MAX_REPLY_BYTES = 8 * 1024 * 1024
DOWNLOAD_CHUNK_BYTES = 1024 * 1024
MAX_REDIRECTS = 5  # CDNs redirect downloads; a handful of hops is plenty.
USER_AGENT = "AvatarStudio/1.0"
_REDACTED = "[redacted]"


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


# What requests raises for a request it cannot even build: our configuration.
_UNBUILDABLE = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.InvalidHeader,
)


class Transport:
    """Signed calls to Kling's API and downloads of its result files. One per
    process or thread (``requests.Session`` is not thread-safe)."""

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
        result_hosts: ResultHosts | None = None,
    ) -> None:
        base_url = (base_url or "").strip().rstrip("/")
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise KlingConfigurationError("KLING_API_BASE must be an http(s) URL")
        self.base_url = base_url
        self.connect_timeout = float(connect_timeout)
        self.read_timeout = float(read_timeout)
        self._clock = clock
        try:
            self._credentials = credentials_for(access_key, secret_key, api_key, clock=clock)
        except ValueError as exc:
            raise KlingConfigurationError(str(exc)) from None
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        self.result_hosts = result_hosts or ResultHosts()
        self._download_session = guarded_session(self.result_hosts, USER_AGENT)
        # No retries inside urllib3 (read=False: never resend after the request
        # went out); the policy lives in _call_api, where it can be reasoned about.
        adapter = HTTPAdapter(max_retries=Retry(total=0, read=False, redirect=False))
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    @property
    def auth_kind(self) -> str:
        """``"jwt"`` or ``"api_key"``."""
        return self._credentials.kind

    def close(self) -> None:
        self._session.close()
        self._download_session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

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

    def _download(
        self,
        url: str,
        fileobj: IO[bytes],
        *,
        max_bytes: int,
        chunk_size: int,
        max_seconds: float | None,
    ) -> int:
        """Stream a result URL into ``fileobj``; see ``KlingClient.download``."""
        started = time.monotonic()
        response, log_path = self._follow(url, started)
        with response:
            status = response.status_code
            facts = {"http_status": status, "method": "GET", "path": log_path}
            if status != 200:
                self._log(logging.WARNING, "GET", log_path, status, None, None, started)
                if status in (403, 404, 410):
                    raise KlingNotFoundError(
                        "result file is gone",
                        user_message=(
                            "Kling no longer has this video file "
                            f"(it deletes results after {limits.RESULT_RETENTION_DAYS} days)."
                        ),
                        **facts,
                    )
                retry_after = parse_retry_after(response.headers.get("Retry-After"), self._clock())
                raise error_for_reply(code=None, retry_after=retry_after, **facts)
            announced = response.headers.get("Content-Length", "")
            if announced.isdigit() and int(announced) > max_bytes:
                raise KlingDownloadTooLargeError(
                    f"result file announces {announced} bytes, over the {max_bytes} cap", **facts
                )
            written = 0
            try:
                for chunk in response.iter_content(chunk_size):
                    written += len(chunk)
                    if written > max_bytes:
                        raise KlingDownloadTooLargeError(
                            f"result file is over the {max_bytes} byte cap", **facts
                        )
                    fileobj.write(chunk)
                    if max_seconds is not None and time.monotonic() - started > max_seconds:
                        raise KlingNetworkError(
                            f"download took longer than {max_seconds:g} s", **facts
                        )
            except requests.RequestException as exc:
                raise self._network_error(exc, "GET", log_path, started) from None
        self._log(logging.INFO, "GET", log_path, status, None, None, started, size=written)
        return written

    def _follow(self, url: str, started: float) -> tuple[requests.Response, str]:
        """GET a result URL, following redirects ourselves: every URL, the
        first and each ``Location``, is checked before anything is sent to it."""
        for _ in range(MAX_REDIRECTS + 1):
            log_path = loggable(url)
            try:
                self.result_hosts.check_url(url)
                response = self._send(
                    "GET",
                    url,
                    log_path=log_path,
                    auth=None,  # the session's: none at all
                    stream=True,
                    allow_redirects=False,
                    session=self._download_session,
                )
            except KlingDownloadRefusedError as err:
                self._log(
                    logging.WARNING, "GET", log_path, None, None, None, started, note=err.detail
                )
                raise
            if not response.is_redirect:
                return response, log_path
            self._log(logging.INFO, "GET", log_path, response.status_code, None, None, started)
            response.close()
            url = redirect_target(response)
        raise KlingMalformedReplyError("too many redirects", method="GET", path=log_path)

    def _send(
        self,
        method: str,
        url: str,
        *,
        log_path: str,
        auth: requests.auth.AuthBase | None,
        stream: bool,
        allow_redirects: bool,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        session: requests.Session | None = None,
    ) -> requests.Response:
        started = time.monotonic()
        data = None
        headers = {"Accept": "application/json"}
        if body is not None:
            data = json.dumps(body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        try:
            return (session or self._session).request(
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
        except _UNBUILDABLE as exc:
            raise KlingConfigurationError(
                f"request could not be built ({type(exc).__name__})", method=method, path=log_path
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
        sent = not failed_before_sending(exc)
        detail = describe_network_failure(exc, sent)
        self._log(logging.WARNING, method, path, None, None, None, started, note=detail)
        timed_out = "timed out" in detail
        return KlingNetworkError(
            detail, outcome_unknown=sent, timed_out=timed_out, method=method, path=path
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
        request_id = envelope_request_id(envelope)
        retry_after = parse_retry_after(response.headers.get("Retry-After"), self._clock())

        if 200 <= status < 300 and code == 0:
            level = logging.DEBUG if method == "GET" else logging.INFO
            self._log(level, method, path, status, code, request_id, started)
            return envelope

        self._log(logging.WARNING, method, path, status, code, request_id, started)
        # What every exception for this reply carries.
        facts = dict(
            method=method,
            path=path,
            http_status=status,
            request_id=request_id,
            retry_after=retry_after,
        )
        if status < 400 and code is None:
            # A 2xx without Kling's envelope, or a redirect we do not follow:
            # a proxy page or a changed API. After a create, a task may exist.
            what = "not JSON" if payload is None else "no integer code"
            raise KlingMalformedReplyError(f"reply is {what}", outcome_unknown=True, **facts)
        message = self._redact(envelope.get("message"))
        err = error_for_reply(code=code if code != 0 else None, provider_message=message, **facts)
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
