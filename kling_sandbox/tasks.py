"""Tasks in memory: the store, their state machine, and the thread that moves them.

A task's whole future is drawn at creation (when it turns ``processing``, when it
ends, whether it fails and with what message), so the scheduler only compares
clocks. ``succeed`` also waits for the render: a task never claims a video that
is not on disk yet.
"""

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

from .errors import ApiError
from .validation import duplicate_external_id

log = logging.getLogger("kling_sandbox")

SUBMITTED, PROCESSING, SUCCEED, FAILED = "submitted", "processing", "succeed", "failed"
UNITS_PER_SECOND = {"std": 0.4, "pro": 0.8}
RENDER_FAILED = "Video generation failed: the sandbox could not render this task"
TICK_SECONDS = 0.05


def now_ms():
    return int(time.time() * 1000)


def number_string(value, places):
    """Kling sends durations and units as strings; no trailing zeros."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass
class Task:
    task_id: str
    external_task_id: str
    mode: str
    watermark: bool
    callback_url: str
    base_url: str
    processing_due: float
    finish_due: float
    failure: str | None
    clean: object = None  # Future of a render.Render
    marked: object = None
    status: str = SUBMITTED
    status_msg: str = ""
    video_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    video_seconds: float | None = None
    finished_at: float | None = None
    created_at: int = field(default_factory=now_ms)
    updated_at: int = 0

    def __post_init__(self):
        self.updated_at = self.updated_at or self.created_at

    @property
    def active(self):
        return self.status in (SUBMITTED, PROCESSING)

    def advance(self, now):
        """Move as far as the clocks allow; a snapshot after each status entered."""
        entered = []
        if self.status == SUBMITTED and now >= self.processing_due:
            self._enter(PROCESSING)
            entered.append(self.as_kling())
        if self.status == PROCESSING and now >= self.finish_due:
            if self.failure:
                self._enter(FAILED, self.failure)
            elif all(job.done() for job in self._jobs()):
                if any(job.exception() for job in self._jobs()):
                    self._enter(FAILED, RENDER_FAILED)
                else:
                    self.video_seconds = self.clean.result().seconds
                    self._enter(SUCCEED)
            if not self.active:
                self.finished_at = now
                entered.append(self.as_kling())
        return entered

    def _jobs(self):
        return [job for job in (self.clean, self.marked) if job is not None]

    def _enter(self, status, message=""):
        self.status, self.status_msg = status, message
        self.updated_at = max(now_ms(), self.updated_at)

    def as_kling(self):
        """The task object of query-one ``data``, list items and callbacks."""
        videos = []
        if self.status == SUCCEED:
            cdn = f"{self.base_url}/sandbox-cdn/{self.video_id}"
            videos.append(
                {
                    "id": self.video_id,
                    "url": f"{cdn}.mp4",
                    "watermark_url": f"{cdn}_wm.mp4" if self.watermark else "",
                    "duration": number_string(self.video_seconds, 2),
                }
            )
        units = 0.0
        if self.status == SUCCEED:
            units = self.video_seconds * UNITS_PER_SECOND[self.mode]
        return {
            "task_id": self.task_id,
            "task_status": self.status,
            "task_status_msg": self.status_msg,
            "task_info": {"external_task_id": self.external_task_id},
            "task_result": {"videos": videos},
            "watermark_info": {"enabled": self.watermark},
            "final_unit_deduction": number_string(units, 2),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    def as_created(self):
        """Create's ``data`` holds only these fields in Kling's reference."""
        return {
            "task_id": self.task_id,
            "task_status": self.status,
            "task_info": {"external_task_id": self.external_task_id},
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


class TaskStore:
    def __init__(self):
        self.lock = threading.RLock()
        self.clear()

    def clear(self):
        with self.lock:
            self._tasks = {}
            self._by_external = {}
            self._by_video = {}

    def external_id_taken(self, external_task_id):
        with self.lock:
            return external_task_id in self._by_external

    def add(self, task, concurrency_limit, concurrency_error):
        """Insert atomically with the uniqueness and concurrency checks."""
        with self.lock:
            if task.external_task_id and task.external_task_id in self._by_external:
                raise duplicate_external_id(task.external_task_id)
            if concurrency_limit and self.active_count() >= concurrency_limit:
                raise concurrency_error
            self._tasks[task.task_id] = task
            if task.external_task_id:
                self._by_external[task.external_task_id] = task
            self._by_video[task.video_id] = task

    def count(self):
        with self.lock:
            return len(self._tasks)

    def active_count(self):
        with self.lock:
            return sum(1 for task in self._tasks.values() if task.active)

    def get(self, task_or_external_id):
        with self.lock:
            task = self._tasks.get(task_or_external_id)
            task = task or self._by_external.get(task_or_external_id)
            if task is None:
                raise ApiError(1203, f"Task not found: {task_or_external_id}")
            return task.as_kling()

    def page(self, number, size):
        with self.lock:
            newest_first = list(reversed(self._tasks.values()))
            chosen = newest_first[(number - 1) * size : number * size]
            return [task.as_kling() for task in chosen]

    def all(self):
        with self.lock:
            return [task.as_kling() for task in self._tasks.values()]

    def video(self, video_id):
        """The succeeded task a CDN video id belongs to, or None."""
        with self.lock:
            task = self._by_video.get(video_id)
            if task is None or task.status != SUCCEED:
                return None
            return task

    def advance(self, now):
        """Advance every unfinished task; the (task object, callback_url) of each change."""
        changes = []
        with self.lock:
            for task in self._tasks.values():
                if task.active:
                    for snapshot in task.advance(now):
                        if task.callback_url:
                            changes.append((snapshot, task.callback_url))
        return changes


class Scheduler(threading.Thread):
    def __init__(self, store, on_change):
        super().__init__(name="sandbox-scheduler", daemon=True)
        self.store = store
        self.on_change = on_change
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(TICK_SECONDS):
            try:
                for task_object, callback_url in self.store.advance(time.time()):
                    self.on_change(task_object, callback_url)
            except Exception:  # the clock must keep running
                log.exception("sandbox scheduler tick failed")
