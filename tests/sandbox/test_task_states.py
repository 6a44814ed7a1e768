"""The task state machine on its own, with the clock passed in."""

from concurrent.futures import Future

from kling_sandbox.render import Render
from kling_sandbox.tasks import RENDER_FAILED, Task


def make_task(failure=None, render=None):
    task = Task(
        task_id="t1",
        external_task_id="",
        mode="std",
        watermark=False,
        callback_url="",
        base_url="http://sandbox",
        processing_due=10,
        finish_due=20,
        failure=failure,
    )
    task.clean = render if render is not None else Future()
    return task


def test_it_stays_submitted_until_its_processing_time():
    task = make_task()
    assert task.advance(9.9) == []
    assert [s["task_status"] for s in task.advance(10)] == ["processing"]


def test_it_waits_in_processing_for_an_unfinished_render():
    task = make_task()
    task.advance(10)
    assert task.advance(25) == []
    assert task.status == "processing"
    task.clean.set_result(Render("x.mp4", 3.21))
    [snapshot] = task.advance(25.1)
    assert snapshot["task_status"] == "succeed"
    assert snapshot["task_result"]["videos"][0]["duration"] == "3.21"
    assert snapshot["final_unit_deduction"] == "1.28"


def test_a_failed_render_fails_the_task_with_a_message():
    render = Future()
    render.set_exception(RuntimeError("ffmpeg failed"))
    task = make_task(render=render)
    statuses = [s["task_status"] for s in task.advance(30)]
    assert statuses == ["processing", "failed"]
    assert task.status_msg == RENDER_FAILED


def test_a_planned_failure_needs_no_render():
    task = make_task(failure="Image pixel is invalid")
    task.clean = None
    [processing, failed] = task.advance(20)
    assert processing["task_status"] == "processing"
    assert failed["task_status_msg"] == "Image pixel is invalid"
    assert failed["final_unit_deduction"] == "0"
