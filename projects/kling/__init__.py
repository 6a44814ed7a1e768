"""Kling Avatar API client: the only code in Avatar Studio that talks to Kling.

Build one with ``get_client()`` (from settings; the local sandbox when no keys
are configured) or ``KlingClient(base_url=..., access_key=..., secret_key=...)``
(or ``api_key=...``). Use one client per process or thread.

Calls (all keyword-only after the first argument)::

    client.create_task(image=..., sound_file=... | audio_id=..., prompt="",
                       mode="std", watermark=None, callback_url=None,
                       external_task_id=None) -> Task
    client.get_task(task_id) -> Task
    client.get_task_by_external_id(external_task_id) -> Task
    client.list_tasks(page_num=1, page_size=30) -> TaskPage     # newest first
    client.iter_tasks(page_size=500, max_pages=10) -> Iterator[Task]
    client.text_to_speech(text, voice_id=..., voice_language="en",
                          voice_speed=1.0) -> TtsAudio
    client.download(url, fileobj, max_bytes=..., chunk_size=1 MiB,
                    max_seconds=None) -> int                       # bytes written

``download`` fetches only from the hosts of ``result_hosts=ResultHosts(...)``
(``get_client`` builds it from KLING_RESULT_HOSTS and, in practice mode, the
sandbox's address; see ``result_hosts.py``) and follows at most 5 redirects,
each checked the same way.

``image`` / ``sound_file``: a URL string, or bytes, a path or a binary file
object (sent as raw base64). A task that *failed* is not an exception: check
``task.failed`` and show ``task.user_message``.

Every failure is a ``KlingError`` (one subclass per ``Category``) carrying
``retryable``, ``outcome_unknown``, ``retry_after``, ``http_status``, ``code``,
``request_id``, ``provider_message``, ``user_message``, ``needs_admin`` and
``retry_delay(attempt)``. The client never retries a create or a TTS call:
when ``outcome_unknown`` is set after ``create_task``, call
``get_task_by_external_id`` (``KlingNotFoundError`` means it is safe to create
again). See ``transport.py`` for the retries it does make.

How long to wait before trying anything again, Kling error or not, is
``retry_delay(attempt, error)``: the product's one back-off policy.

Which file holds what (each imports only the ones listed before it)::

    limits.py     Kling's documented limits (sizes, lengths, modes, pages,
                  result retention), read by the forms, media checks and client
    wording.py    sentences for people: ADMIN_HINT, describe_rejection,
                  describe_task_failure
    codes.py      Kling's error-code table: Category, CodeInfo (with an optional
                  per-code wait_seconds), CODES, code_info
    retry.py      the retry/back-off policy: retry_delay(attempt, error)
    errors.py     the exceptions: KlingError and one subclass per Category,
                  ERROR_CLASSES, error_for_reply
    types.py      replies as typed objects: Task, TaskStatus, TaskPage, TtsAudio,
                  Video, and their parsers
    result_hosts.py  where result files may be downloaded from: ResultHosts
                  (the host allow-list, the address checks) and the session
                  that connects only to checked addresses
    auth.py       the bearer credential: a signed JWT or an API key
    transport.py  the HTTP seam: Transport (session, timeouts, signing, the
                  token-renewal and GET retries, reply-size cap, Retry-After,
                  downloads, redacted request log)
    replies.py    reading replies and failures: parse_retry_after,
                  envelope_request_id, whether a failed call was sent
    client.py     KlingClient (a Transport plus one method per endpoint, with
                  cheap checks before sending) and get_client
"""

from .client import KlingClient, get_client
from .codes import CODES, Category
from .errors import (
    KlingBillingError,
    KlingConcurrencyError,
    KlingConfigurationError,
    KlingContentPolicyError,
    KlingDownloadRefusedError,
    KlingDownloadTooLargeError,
    KlingError,
    KlingInvalidInputError,
    KlingMalformedReplyError,
    KlingNetworkError,
    KlingNotFoundError,
    KlingProviderDownError,
    KlingRateLimitError,
)
from .replies import parse_retry_after
from .result_hosts import ResultHosts
from .retry import retry_delay
from .types import Task, TaskPage, TaskStatus, TtsAudio, Video

__all__ = [
    "CODES",
    "Category",
    "KlingBillingError",
    "KlingClient",
    "KlingConcurrencyError",
    "KlingConfigurationError",
    "KlingContentPolicyError",
    "KlingDownloadRefusedError",
    "KlingDownloadTooLargeError",
    "KlingError",
    "KlingInvalidInputError",
    "KlingMalformedReplyError",
    "KlingNetworkError",
    "KlingNotFoundError",
    "KlingProviderDownError",
    "KlingRateLimitError",
    "ResultHosts",
    "Task",
    "TaskPage",
    "TaskStatus",
    "TtsAudio",
    "Video",
    "get_client",
    "parse_retry_after",
    "retry_delay",
]
