"""The sandbox's state and operations, free of HTTP: what each endpoint does.

One ``Sandbox`` is one Kling account (one access key, one task list, one
external-id namespace). ``server.py`` puts HTTP, auth and faults around it.
"""

import copy
import logging
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from . import media, tts, validation
from .callbacks import CallbackSender
from .config import SandboxConfig
from .faults import Faults
from .render import Renderer
from .tasks import Scheduler, Task, TaskStore, now_ms, number_string

log = logging.getLogger("kling_sandbox")


@dataclass
class Audio:
    path: Path
    seconds: float
    made_at: float


class Sandbox:
    def __init__(self, access_key, secret_key, data_dir=None, config=None):
        self.access_key = access_key
        self.secret_key = secret_key
        self._own_dir = data_dir is None
        self.data_dir = Path(data_dir or tempfile.mkdtemp(prefix="kling-sandbox-"))
        (self.data_dir / "tts").mkdir(parents=True, exist_ok=True)
        self.base_config = config or SandboxConfig()
        self.base_config.check()
        self.faults = Faults(copy.deepcopy(self.base_config))
        self.store = TaskStore()
        self.renderer = Renderer(self.data_dir / "renders")
        self.callbacks = CallbackSender(
            lambda: self.config.callback_timeout, self.faults.repeat_callback
        )
        self.scheduler = Scheduler(self.store, self.callbacks.send)
        self._lock = threading.Lock()
        self._audios = {}
        self._creates = []
        self.scheduler.start()

    @property
    def config(self):
        return self.faults.config

    # --- control -------------------------------------------------------------

    def configure(self, options):
        """Apply options on top of the current ones; ValueError if one is bad."""
        self.faults.set_config(self.config.updated(options))
        return self.config.as_dict()

    def reset(self):
        """Forget tasks, TTS audio and logs; back to the start-up options."""
        self.store.clear()
        self.callbacks.clear()
        with self._lock:
            self._audios = {}
            self._creates = []
        self.faults.set_config(copy.deepcopy(self.base_config))

    def record_create(self, external_task_id, task_id, outcome, http_status, code, message):
        with self._lock:
            self._creates.append(
                {
                    "seq": len(self._creates) + 1,
                    "time": now_ms(),
                    "external_task_id": external_task_id,
                    "task_id": task_id,
                    "outcome": outcome,
                    "http_status": http_status,
                    "code": code,
                    "message": message,
                }
            )

    def creates(self):
        with self._lock:
            return list(self._creates)

    def health(self):
        return {
            "status": "ok",
            "tasks": self.store.count(),
            "active_tasks": self.store.active_count(),
            "renders_encoded": self.renderer.encodes,
            "tts_engine": tts.engine_in_use(self.config.tts_engine),
            "data_dir": str(self.data_dir),
        }

    def close(self):
        self.scheduler.stopping.set()
        self.callbacks.stop()
        self.renderer.shutdown()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    # --- Kling operations ----------------------------------------------------

    def create(self, body, base_url):
        request = validation.parse_create(body, self._find_audio, self.store.external_id_taken)
        total, before_processing = self.faults.task_seconds()
        started = time.time()
        task = Task(
            task_id=uuid.uuid4().hex,
            external_task_id=request.external_task_id,
            mode=request.mode,
            watermark=request.watermark,
            callback_url=request.callback_url,
            base_url=base_url,
            processing_due=started + before_processing,
            finish_due=started + total,
            failure=None,
        )
        config = self.config
        # Under the store lock so the scheduler never sees the task half made.
        with self.store.lock:
            self.store.add(task, config.concurrency_limit, self.faults.concurrency_error())
            task.failure = self.faults.task_failure()
            if not task.failure:
                size = (config.render_max_side, config.render_fps)
                task.clean = self.renderer.submit(request.image, request.audio, False, *size)
                if task.watermark:
                    task.marked = self.renderer.submit(request.image, request.audio, True, *size)
            return task.as_created()

    def query(self, task_or_external_id):
        return self.store.get(task_or_external_id)

    def page(self, number, size):
        return self.store.page(number, size)

    def text_to_speech(self, body, base_url):
        request = validation.parse_tts(body, tts.voice_languages())
        audio_id = uuid.uuid4().hex
        path = self.data_dir / "tts" / f"{audio_id}.mp3"
        tts.synthesize(
            request.text, request.voice_id, request.voice_speed, self.config.tts_engine, path
        )
        seconds = media.audio_duration(path.read_bytes()) or 0.0
        with self._lock:
            self._audios[audio_id] = Audio(path, seconds, time.time())
        made = now_ms()
        return {
            "task_id": uuid.uuid4().hex,
            "task_status": "succeed",
            "task_status_msg": "",
            "task_result": {
                "audios": [
                    {
                        "id": audio_id,
                        "url": f"{base_url}/sandbox-cdn/audio/{audio_id}.mp3",
                        "duration": number_string(seconds, 2),
                    }
                ]
            },
            "created_at": made,
            "updated_at": made,
        }

    def _find_audio(self, audio_id):
        audio = self._fresh_audio(audio_id)
        return audio.path.read_bytes() if audio else None

    def _fresh_audio(self, audio_id):
        with self._lock:
            audio = self._audios.get(audio_id)
        if audio and time.time() - audio.made_at <= self.config.retention_seconds:
            return audio
        return None

    # --- CDN -----------------------------------------------------------------

    def video_file(self, video_id, watermarked):
        """The path of a result video, or None when unknown or past retention."""
        task = self.store.video(video_id)
        if task is None or time.time() - task.finished_at > self.config.retention_seconds:
            return None
        job = task.marked if watermarked else task.clean
        return job.result().path if job is not None else None

    def audio_file(self, audio_id):
        audio = self._fresh_audio(audio_id)
        return audio.path if audio else None
