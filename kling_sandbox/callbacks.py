"""Posting the flat task object to ``callback_url`` on each status change.

Sending happens on a few worker threads so a slow receiver never delays the API
or the scheduler; a task always goes to the same worker, so its callbacks
arrive in the order its statuses changed. Failures are logged and forgotten,
as Kling documents no retry policy.
"""

import logging
import queue
import threading
import time
from urllib.parse import urlsplit

import requests

log = logging.getLogger("kling_sandbox")
WORKERS = 4


class CallbackSender:
    def __init__(self, timeout_seconds, repeat):
        self._timeout = timeout_seconds  # callable: read the current config each time
        self._repeat = repeat
        self._queues = [queue.Queue() for _ in range(WORKERS)]
        self._lock = threading.Lock()
        self.attempts = []
        for number, work in enumerate(self._queues):
            threading.Thread(
                target=self._work, args=(work,), name=f"sandbox-callback-{number}", daemon=True
            ).start()

    def send(self, task_object, url):
        work = self._queues[hash(task_object["task_id"]) % WORKERS]
        work.put((task_object, url))
        if self._repeat():
            work.put((task_object, url))

    def history(self):
        with self._lock:
            return list(self.attempts)

    def clear(self):
        with self._lock:
            self.attempts = []

    def stop(self):
        for work in self._queues:
            work.put(None)

    def _work(self, work):
        while True:
            item = work.get()
            if item is None:
                return
            task_object, url = item
            outcome = self._post(task_object, url)
            with self._lock:
                self.attempts.append(
                    {
                        "task_id": task_object["task_id"],
                        "external_task_id": task_object["task_info"]["external_task_id"],
                        "task_status": task_object["task_status"],
                        "url": url,
                        "time": int(time.time() * 1000),
                        "outcome": outcome,
                    }
                )

    def _post(self, task_object, url):
        try:
            reply = requests.post(url, json=task_object, timeout=self._timeout())
            return str(reply.status_code)
        except requests.RequestException as error:
            # The URL's path may hold the receiver's secret; log the host only.
            log.info("callback to %s failed: %s", urlsplit(url).netloc, type(error).__name__)
            return f"error: {type(error).__name__}"
