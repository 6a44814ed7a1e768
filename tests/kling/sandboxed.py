"""Helpers for the client tests against the Kling sandbox (the ``client``
fixture is in conftest.py)."""

import time


def wait_until_finished(client, task_id, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        task = client.get_task(task_id)
        if task.is_finished or time.monotonic() > deadline:
            return task
        time.sleep(0.2)


def create(client, portrait_png, voiceover_mp3, **options):
    options.setdefault("sound_file", voiceover_mp3)
    return client.create_task(image=portrait_png, **options)
