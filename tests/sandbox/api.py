"""A deliberately plain HTTP client for the sandbox tests (not the product's client)."""

import time

import requests

from . import media

TASKS = "/v1/videos/avatar/image2video"


class KlingApi:
    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.base = sandbox.base_url

    def default_body(self, **fields):
        body = {"image": media.b64(media.image()), "sound_file": media.b64(media.audio())}
        body.update(fields)
        return {name: value for name, value in body.items() if value is not None}

    def create(self, headers=None, timeout=30, **fields):
        return requests.post(
            self.base + TASKS,
            json=self.default_body(**fields),
            headers=self.sandbox.headers() if headers is None else headers,
            timeout=timeout,
        )

    def create_raw(self, body, headers=None):
        return requests.post(
            self.base + TASKS,
            json=body,
            headers=self.sandbox.headers() if headers is None else headers,
            timeout=30,
        )

    def query(self, task_id, headers=None, timeout=10):
        return requests.get(
            f"{self.base}{TASKS}/{task_id}",
            headers=self.sandbox.headers() if headers is None else headers,
            timeout=timeout,
        )

    def list(self, **params):
        return requests.get(
            self.base + TASKS, params=params, headers=self.sandbox.headers(), timeout=10
        )

    def tts(self, **fields):
        body = {
            "text": "Hello from the Avatar Studio sandbox, this is a test voice.",
            "voice_id": "oversea_male1",
            "voice_language": "en",
            "voice_speed": 1.0,
        }
        body.update(fields)
        body = {name: value for name, value in body.items() if value is not None}
        return requests.post(
            self.base + "/v1/audio/tts", json=body, headers=self.sandbox.headers(), timeout=60
        )

    def created_id(self, **fields):
        reply = self.create(**fields)
        assert reply.status_code == 200, reply.text
        return reply.json()["data"]["task_id"]

    def wait_for(self, task_id, statuses=("succeed", "failed"), timeout=20):
        """Poll until the task reaches one of ``statuses``; (task data, statuses seen)."""
        seen = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            data = self.query(task_id).json()["data"]
            if not seen or seen[-1] != data["task_status"]:
                seen.append(data["task_status"])
            if data["task_status"] in statuses:
                return data, seen
            time.sleep(0.1)
        raise AssertionError(f"task {task_id} stuck; statuses seen: {seen}")


def assert_error(reply, http_status, code, message_part=None):
    body = reply.json()
    assert reply.status_code == http_status, body
    assert body["code"] == code, body
    assert set(body) == {"code", "message", "request_id"}, body
    if message_part is not None:
        assert message_part.lower() in body["message"].lower(), body
    return body
