#!/usr/bin/env python3
"""Set up and run Avatar Studio on this machine with nothing but Python.

    python3 dev.py start        # venv + install + migrate, then web, worker and sandbox
    python3 dev.py test [ARGS]  # venv + install, then ruff and the whole pytest suite

Both create `.venv/` on first use and reinstall when requirements.txt changes.
`start` stops every process it started on Ctrl-C. Extra ARGS go to pytest.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".requirements.sha256"


def log(message):
    print(f"[dev] {message}", flush=True)


def ensure_venv():
    """Create the virtual environment and install requirements when they changed."""
    if not PYTHON.exists():
        log("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        log("installing requirements (first run takes a minute)")
        subprocess.run(
            [
                PYTHON,
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                "-r",
                ROOT / "requirements.txt",
            ],
            check=True,
        )
        STAMP.write_text(wanted)


def manage(*args, env=None):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True, env=env)


def start():
    ensure_venv()
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1"), "PYTHONUNBUFFERED": "1"}
    manage("migrate", "--noinput", env=env)
    # Failed log-ins are counted in a database table when there is no Redis.
    manage("createcachetable", env=env)
    port = env.get("PORT", "8000")
    commands = {
        "web": [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [PYTHON, "manage.py", "qcluster"],
    }
    uses_sandbox = not env.get("KLING_API_KEY") and not (
        env.get("KLING_ACCESS_KEY") and env.get("KLING_SECRET_KEY")
    )
    if uses_sandbox:
        # No Kling keys: a local Kling-compatible server makes real videos.
        commands["sandbox"] = [
            PYTHON,
            "manage.py",
            "kling_sandbox",
            "--port",
            env.get("KLING_SANDBOX_PORT", "8765"),
        ]
    processes = {}
    for name, command in commands.items():
        # Each child gets its own process group so that Ctrl-C reaches us
        # once and we stop them in order, instead of racing them.
        processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        log(f"started {name} (pid {processes[name].pid})")
    log(f"Avatar Studio is at http://127.0.0.1:{port}/  (Ctrl-C stops everything)")

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    log(f"{name} exited with code {process.returncode}; stopping the others")
                    raise KeyboardInterrupt
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for name, process in processes.items():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            log(f"stopped {name}")
    return 0


def test(args):
    ensure_venv()
    bin_dir = VENV / "bin"
    subprocess.run([bin_dir / "ruff", "check", "."], cwd=ROOT, check=True)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([PYTHON, "-m", "pytest", *args], cwd=ROOT, env=env).returncode


def main(argv):
    if len(argv) < 2 or argv[1] not in ("start", "test"):
        print(__doc__)
        return 2
    if argv[1] == "start":
        return start()
    try:
        return test(argv[2:])
    except subprocess.CalledProcessError as error:
        return error.returncode or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
