"""Task lifecycle, lookup, listing, callbacks and failures."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from . import media


@pytest.fixture
def callback_receiver():
    """A tiny local server recording every JSON body POSTed to it."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield received, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def wait_until(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_a_task_moves_from_submitted_through_processing_to_succeed(api, kling_sandbox):
    kling_sandbox.configure(task_min_seconds=1.5, task_max_seconds=1.5, processing_after=0.4)
    reply = api.create(external_task_id="life-1")
    created = reply.json()["data"]
    assert created["task_status"] == "submitted"
    assert created["task_info"] == {"external_task_id": "life-1"}
    data, seen = api.wait_for(created["task_id"])
    assert seen == ["submitted", "processing", "succeed"]
    assert data["task_status_msg"] == ""
    assert data["created_at"] == created["created_at"]
    assert data["updated_at"] > data["created_at"]
    assert data["watermark_info"] == {"enabled": False}
    video = data["task_result"]["videos"][0]
    assert set(video) == {"id", "url", "watermark_url", "duration"}
    assert isinstance(video["duration"], str)
    assert video["watermark_url"] == ""


def test_a_task_can_be_found_by_its_external_task_id(api):
    task_id = api.created_id(external_task_id="render-7")
    by_external = api.query("render-7").json()["data"]
    by_task_id = api.query(task_id).json()["data"]
    assert by_external["task_id"] == task_id
    assert by_external["task_info"] == by_task_id["task_info"] == {"external_task_id": "render-7"}
    assert by_external["created_at"] == by_task_id["created_at"]


def test_the_same_external_task_id_may_be_used_again_after_a_reset(api, kling_sandbox):
    kling_sandbox.configure(fail_share=1.0)
    assert api.create(external_task_id="again").status_code == 200
    kling_sandbox.reset()
    kling_sandbox.configure(fail_share=1.0)
    assert api.create(external_task_id="again").status_code == 200


def test_the_list_is_newest_first_and_pages(api, kling_sandbox):
    kling_sandbox.configure(fail_share=1.0)
    ids = [api.created_id(external_task_id=f"list-{n}") for n in range(5)]
    everything = api.list().json()["data"]
    assert [task["task_id"] for task in everything] == ids[::-1]
    assert [t["task_id"] for t in api.list(pageNum=1, pageSize=2).json()["data"]] == ids[:2:-1]
    assert [t["task_id"] for t in api.list(pageNum=2, pageSize=2).json()["data"]] == ids[2:0:-1]
    assert [t["task_id"] for t in api.list(pageNum=3, pageSize=2).json()["data"]] == ids[:1]
    assert api.list(pageNum=4, pageSize=2).json()["data"] == []
    assert everything[0]["task_info"]["external_task_id"] == "list-4"


def test_a_failure_share_makes_tasks_fail_with_a_message_and_no_charge(api, kling_sandbox):
    kling_sandbox.configure(fail_share=1.0, fail_messages=["Image pixel is invalid"])
    data, seen = api.wait_for(api.created_id())
    assert seen[-1] == "failed"
    assert data["task_status_msg"] == "Image pixel is invalid"
    assert data["task_result"]["videos"] == []
    assert data["final_unit_deduction"] == "0"


def test_fail_next_fails_exactly_that_many_tasks(api, kling_sandbox):
    kling_sandbox.configure(fail_next=1)
    failing, passing = api.created_id(), api.created_id()
    assert api.wait_for(failing)[0]["task_status"] == "failed"
    assert api.wait_for(passing)[0]["task_status"] == "succeed"


@pytest.mark.parametrize(("mode", "per_second"), [("std", 0.4), ("pro", 0.8)])
def test_a_succeeded_task_is_charged_per_second_of_video(api, mode, per_second):
    data, _ = api.wait_for(api.created_id(mode=mode))
    seconds = float(data["task_result"]["videos"][0]["duration"])
    assert float(data["final_unit_deduction"]) == pytest.approx(seconds * per_second, abs=0.01)
    assert isinstance(data["final_unit_deduction"], str)


def test_callbacks_post_the_flat_task_on_each_status_change(api, callback_receiver):
    received, base = callback_receiver
    task_id = api.created_id(external_task_id="cb-1", callback_url=base + "/hook/secret-123")
    final, _ = api.wait_for(task_id)
    wait_until(lambda: any(body["task_status"] == "succeed" for _, body in received))
    assert [body["task_status"] for _, body in received] == ["processing", "succeed"]
    path, body = received[-1]
    assert path == "/hook/secret-123"
    assert "code" not in body and "data" not in body
    assert body == final


def test_a_failing_callback_receiver_does_not_hold_up_the_task(api, kling_sandbox):
    task_id = api.created_id(callback_url="http://127.0.0.1:9/nothing-listens-here")
    assert api.wait_for(task_id)[0]["task_status"] == "succeed"
    wait_until(lambda: len(kling_sandbox.callbacks()) == 2)
    assert all(c["outcome"].startswith("error") for c in kling_sandbox.callbacks())


def test_callback_repeat_share_sends_each_status_twice(api, kling_sandbox, callback_receiver):
    received, base = callback_receiver
    kling_sandbox.configure(callback_repeat_share=1.0, fail_share=1.0)
    api.wait_for(api.created_id(callback_url=base + "/hook"))
    wait_until(lambda: len(received) == 4)
    assert [body["task_status"] for _, body in received] == [
        "processing",
        "processing",
        "failed",
        "failed",
    ]


def test_reset_forgets_tasks_and_creates(api, kling_sandbox):
    kling_sandbox.configure(fail_share=1.0)
    task_id = api.created_id()
    kling_sandbox.reset()
    assert api.query(task_id).status_code == 404
    assert kling_sandbox.creates() == []
    assert kling_sandbox.config()["fail_share"] == 0.0


def test_the_control_endpoint_refuses_unknown_or_bad_options(kling_sandbox):
    with pytest.raises(ValueError, match="unknown option"):
        kling_sandbox.configure(fail_sahre=0.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        kling_sandbox.configure(fail_share=2)


def test_a_task_object_has_kling_field_types(api):
    data, _ = api.wait_for(api.created_id(sound_file=media.b64(media.audio(kind="wav"))))
    assert isinstance(data["created_at"], int) and data["created_at"] > 1_600_000_000_000
    assert isinstance(data["updated_at"], int)
    assert isinstance(data["final_unit_deduction"], str)
    assert isinstance(data["task_result"]["videos"][0]["id"], str)
