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

``image`` / ``sound_file``: a URL string, or bytes, a path or a binary file
object (sent as raw base64). A task that *failed* is not an exception: check
``task.failed`` and show ``task.user_message``.

Every failure is a ``KlingError`` (one subclass per ``Category``) carrying
``retryable``, ``outcome_unknown``, ``retry_after``, ``http_status``, ``code``,
``request_id``, ``provider_message``, ``user_message``, ``needs_admin`` and
``retry_delay(attempt)``. The client never retries a create or a TTS call:
when ``outcome_unknown`` is set after ``create_task``, call
``get_task_by_external_id`` (``KlingNotFoundError`` means it is safe to create
again). See ``client.py`` for the retries it does make.
"""

from .client import KlingClient, get_client, parse_retry_after
from .errors import (
    CODES,
    Category,
    KlingBillingError,
    KlingConcurrencyError,
    KlingConfigurationError,
    KlingContentPolicyError,
    KlingDownloadTooLargeError,
    KlingError,
    KlingInvalidInputError,
    KlingMalformedReplyError,
    KlingNetworkError,
    KlingNotFoundError,
    KlingProviderDownError,
    KlingRateLimitError,
)
from .types import Task, TaskPage, TaskStatus, TtsAudio, Video

__all__ = [
    "CODES",
    "Category",
    "KlingBillingError",
    "KlingClient",
    "KlingConcurrencyError",
    "KlingConfigurationError",
    "KlingContentPolicyError",
    "KlingDownloadTooLargeError",
    "KlingError",
    "KlingInvalidInputError",
    "KlingMalformedReplyError",
    "KlingNetworkError",
    "KlingNotFoundError",
    "KlingProviderDownError",
    "KlingRateLimitError",
    "Task",
    "TaskPage",
    "TaskStatus",
    "TtsAudio",
    "Video",
    "get_client",
    "parse_retry_after",
]
