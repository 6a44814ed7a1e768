"""`python dev.py start`, for real: it schedules the worker's backstop, and
SIGINT stops the web server, the worker and the sandbox within 5 seconds,
even when it was started as a background job (which ignores SIGINT)."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

# It starts a real qcluster, a runserver and the sandbox.
pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "health-token-for-the-dev-start-test"
# This machine's configuration stays out: dev.py must choose practice mode itself.
CONFIG_PREFIXES = ("KLING_", "DATABASE_URL", "REDIS_", "DEBUG", "SITE_URL", "HEALTH_TOKEN")


STARTED = re.compile(r"\[dev\] started (\w+) \(pid (\d+)\)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_members(groups):
    """Processes (not zombies) whose process group is one of ``groups``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        state, group = fields[0], int(fields[2])
        if group in groups and state != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.fixture
def dev_start(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(CONFIG_PREFIXES)}
    env.update(
        PORT=str(port),
        KLING_SANDBOX_PORT=str(free_port()),
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        MEDIA_ROOT=str(tmp_path / "media"),
        HEALTH_TOKEN=TOKEN,
        Q_WORKERS="1",
        # .venv is ready: never reinstall requirements from a test.
        DEV_NO_INSTALL="1",
        PYTHONUNBUFFERED="1",
    )
    output = tmp_path / "dev.log"
    with output.open("w") as log:
        # As a shell starts a background job: with SIGINT ignored.
        process = subprocess.Popen(
            ["sh", "-c", f'trap "" INT; exec "{sys.executable}" dev.py start'],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process, f"http://127.0.0.1:{port}", output
    finally:
        # Whatever the test's outcome, nothing it started outlives it.
        children = [int(pid) for _, pid in STARTED.findall(output.read_text())]
        for group in [process.pid, *children]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        process.wait(10)


def wait_for_health(process, base, output):
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, output.read_text()
        try:
            return requests.get(
                base + "/health/", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=15
            )
        except requests.ConnectionError:
            time.sleep(0.5)
    raise AssertionError("dev.py start did not answer /health/:\n" + output.read_text())


def test_dev_start_schedules_the_pump_and_stops_everything_on_sigint(dev_start):
    process, base, output = dev_start
    health = wait_for_health(process, base, output).json()
    text = output.read_text()
    assert "installing requirements" not in text
    # setup_schedules ran: the worker's backstop schedule exists.
    assert health["checks"]["worker"]["schedule"] is True, health
    started = dict(STARTED.findall(text))
    assert set(started) == {"web", "worker", "sandbox"}, text
    children = {int(pid) for pid in started.values()}
    assert live_members(children)

    sent = time.monotonic()
    os.kill(process.pid, signal.SIGINT)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        raise AssertionError("SIGINT did not stop dev.py start:\n" + output.read_text())
    took = time.monotonic() - sent

    assert took < 5, f"stopping took {took:.1f} s:\n{output.read_text()}"
    assert live_members(children) == [], output.read_text()
    text = output.read_text()
    assert "[dev] stopping web, worker, sandbox..." in text
    assert "[dev] stopped web, worker, sandbox" in text
