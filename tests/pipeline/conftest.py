"""Real `manage.py qcluster` processes against the test database and the sandbox."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _database_env():
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return {"SQLITE_PATH": str(name), "DATABASE_URL": ""}
    parts = urlsplit(os.environ["DATABASE_URL"])
    return {"DATABASE_URL": urlunsplit(parts._replace(path="/" + name))}


class Cluster:
    def __init__(self, env):
        self.env = env
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        return self

    def kill(self, sig=signal.SIGKILL):
        """Kill the whole cluster (sentinel, workers, monitor) like a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(30)

    def stop(self):
        self.kill(signal.SIGTERM) if self.process and self.process.poll() is None else None

    def output(self):
        if self.process and self.process.stdout and self.process.poll() is not None:
            return self.process.stdout.read().decode(errors="replace")[-4000:]
        return ""


@pytest.fixture
def qcluster(transactional_db, studio_sandbox):
    """Start real qcluster processes that share the test database and media
    folder and talk to the in-process sandbox over HTTP."""
    call_command("setup_schedules", stdout=io.StringIO())
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "avatarstudio.settings",
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "KLING_API_BASE": studio_sandbox.base_url,
        "Q_WORKERS": "2",
        "RENDER_PUMP_SECONDS": "20",
        "RENDER_STALE_CLAIM_SECONDS": "6",
        "KLING_READ_TIMEOUT": "2",
        # Tasks here last seconds, not minutes: a full Kling is probed as often.
        "RENDER_SLOT_PROBE_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
        **_database_env(),
    }
    for key in ("KLING_ACCESS_KEY", "KLING_SECRET_KEY", "KLING_API_KEY"):
        env.pop(key, None)
    clusters = []

    def start(**extra_env):
        cluster = Cluster({**env, **extra_env}).start()
        clusters.append(cluster)
        return cluster

    yield start
    for cluster in clusters:
        cluster.kill()


def wait_for(predicate, *, timeout, interval=0.2, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")
