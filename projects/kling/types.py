"""Kling's replies as small typed objects.

Parsing is tolerant of missing optional fields (Kling omits ``task_result``
until a task succeeds, and ``final_unit_deduction`` until it is billed) and
strict about structure: a field of the wrong type, a missing ``task_id`` or an
unknown ``task_status`` raises ``ReplyShapeError``, which the client turns into
a ``KlingMalformedReplyError``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from .wording import describe_task_failure


class ReplyShapeError(ValueError):
    """The reply is not shaped like Kling's documented replies."""


class TaskStatus(StrEnum):
    SUBMITTED = "submitted"
    PROCESSING = "processing"
    SUCCEED = "succeed"  # sic: Kling's spelling
    FAILED = "failed"


FINISHED = (TaskStatus.SUCCEED, TaskStatus.FAILED)


@dataclass(frozen=True)
class Video:
    id: str
    url: str
    watermark_url: str | None = None
    # Seconds. Kling sends it as a string ("5.2"); None when it sends nothing.
    duration: float | None = None


@dataclass(frozen=True)
class Task:
    task_id: str
    status: TaskStatus
    status_msg: str = ""
    external_task_id: str | None = None
    videos: list[Video] = field(default_factory=list)
    watermark_enabled: bool | None = None
    final_unit_deduction: Decimal | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def succeeded(self) -> bool:
        return self.status == TaskStatus.SUCCEED

    @property
    def failed(self) -> bool:
        return self.status == TaskStatus.FAILED

    @property
    def video(self) -> Video | None:
        """The result: an avatar task makes one video."""
        return self.videos[0] if self.videos else None

    @property
    def user_message(self) -> str:
        """For a failed task, the reason in words a marketer can read; else ""."""
        return describe_task_failure(self.status_msg) if self.failed else ""


@dataclass(frozen=True)
class TaskPage:
    tasks: list[Task]
    page_num: int
    page_size: int
    request_id: str | None = None

    @property
    def may_have_more(self) -> bool:
        # Kling does not send a total: a full page is the only hint of another.
        return len(self.tasks) >= self.page_size


@dataclass(frozen=True)
class TtsAudio:
    id: str  # pass as audio_id when creating a task
    url: str | None = None
    duration: float | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


# --- Field readers ------------------------------------------------------------


def _dict(value: Any, where: str, *, optional: bool = True) -> dict[str, Any]:
    if value is None and optional:
        return {}
    if not isinstance(value, dict):
        raise ReplyShapeError(f"{where} is {type(value).__name__}, expected an object")
    return value


def _str(value: Any, where: str, *, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise ReplyShapeError(f"{where} is missing")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ReplyShapeError(f"{where} is {type(value).__name__}, expected a string")
    return str(value)


def _float(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ReplyShapeError(f"{where} is {type(value).__name__}, expected a number")
    try:
        number = float(value)
    except ValueError:
        raise ReplyShapeError(f"{where} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise ReplyShapeError(f"{where} is out of range")
    return number


def _decimal(value: Any, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ReplyShapeError(f"{where} is {type(value).__name__}, expected a number")
    try:
        # str() first so that a float 0.1 becomes Decimal("0.1"), not its binary noise.
        number = Decimal(str(value))
    except InvalidOperation:
        raise ReplyShapeError(f"{where} is not a number") from None
    if not number.is_finite():
        raise ReplyShapeError(f"{where} is out of range")
    return number


def _bool(value: Any, where: str) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise ReplyShapeError(f"{where} is {type(value).__name__}, expected true/false")
    return value


def _millis(value: Any, where: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReplyShapeError(f"{where} is {type(value).__name__}, expected Unix milliseconds")
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise ReplyShapeError(f"{where} is out of range") from None


# --- Objects ----------------------------------------------------------------


def parse_video(data: Any, where: str = "video") -> Video:
    data = _dict(data, where, optional=False)
    return Video(
        id=_str(data.get("id"), f"{where}.id") or "",
        url=_str(data.get("url"), f"{where}.url", required=True),
        watermark_url=_str(data.get("watermark_url"), f"{where}.watermark_url"),
        duration=_float(data.get("duration"), f"{where}.duration"),
    )


def parse_task(data: Any, where: str = "data") -> Task:
    data = _dict(data, where, optional=False)
    status = _str(data.get("task_status"), f"{where}.task_status", required=True)
    try:
        status = TaskStatus(status)
    except ValueError:
        raise ReplyShapeError(f"{where}.task_status {status[:40]!r} is not a known status")
    task_info = _dict(data.get("task_info"), f"{where}.task_info")
    task_result = _dict(data.get("task_result"), f"{where}.task_result")
    videos = task_result.get("videos")
    if videos is None:
        videos = []
    if not isinstance(videos, list):
        raise ReplyShapeError(f"{where}.task_result.videos is not a list")
    watermark_info = _dict(data.get("watermark_info"), f"{where}.watermark_info")
    return Task(
        task_id=_str(data.get("task_id"), f"{where}.task_id", required=True),
        status=status,
        status_msg=_str(data.get("task_status_msg"), f"{where}.task_status_msg") or "",
        external_task_id=_str(
            task_info.get("external_task_id"), f"{where}.task_info.external_task_id"
        ),
        videos=[
            parse_video(video, f"{where}.task_result.videos[{i}]") for i, video in enumerate(videos)
        ],
        watermark_enabled=_bool(watermark_info.get("enabled"), f"{where}.watermark_info.enabled"),
        final_unit_deduction=_decimal(
            data.get("final_unit_deduction"), f"{where}.final_unit_deduction"
        ),
        created_at=_millis(data.get("created_at"), f"{where}.created_at"),
        updated_at=_millis(data.get("updated_at"), f"{where}.updated_at"),
        raw=data,
    )


def parse_task_list(data: Any) -> list[Task]:
    if not isinstance(data, list):
        raise ReplyShapeError(f"data is {type(data).__name__}, expected a list")
    return [parse_task(item, f"data[{i}]") for i, item in enumerate(data)]


def parse_tts(data: Any) -> TtsAudio:
    data = _dict(data, "data", optional=False)
    task_result = _dict(data.get("task_result"), "data.task_result", optional=False)
    audios = task_result.get("audios")
    if not isinstance(audios, list) or not audios:
        raise ReplyShapeError("data.task_result.audios is missing or empty")
    audio = _dict(audios[0], "data.task_result.audios[0]", optional=False)
    return TtsAudio(
        id=_str(audio.get("id"), "data.task_result.audios[0].id", required=True),
        url=_str(audio.get("url"), "data.task_result.audios[0].url"),
        duration=_float(audio.get("duration"), "data.task_result.audios[0].duration"),
        raw=data,
    )
