"""``manage.py kling_sandbox`` runs a standalone sandbox with flags for every option."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from kling_sandbox.testing import SandboxHandle

REPO = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_command_serves_kling_paths_with_its_flags(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "kling_sandbox",
            "--port",
            str(port),
            "--access-key",
            "ak-cli",
            "--secret-key",
            "sk-cli",
            "--data-dir",
            str(tmp_path),
            "--api-key",
            "cli-plain-key",
            "--rate-limit-share",
            "1",
            "--retry-after",
            "5",
            "--fault-endpoints",
            "query",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        handle = SandboxHandle(f"http://127.0.0.1:{port}", "ak-cli", "sk-cli")
        deadline = time.monotonic() + 30
        while True:
            try:
                handle.health()
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stdout.read().decode()
                assert time.monotonic() < deadline, "the sandbox did not start"
                time.sleep(0.2)
        config = handle.config()
        assert config["rate_limit_share"] == 1.0 and config["retry_after"] == 5
        tasks = f"{handle.base_url}/v1/videos/avatar/image2video"
        assert requests.get(tasks, headers=handle.headers(), timeout=5).status_code == 200
        plain = {"Authorization": "Bearer cli-plain-key"}
        assert requests.get(tasks, headers=plain, timeout=5).status_code == 200
        limited = requests.get(tasks + "/x", headers=handle.headers(), timeout=5)
        assert (limited.status_code, limited.headers["Retry-After"]) == (429, "5")
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode()
    assert "cli-plain-key" not in output and "sk-cli" not in output
