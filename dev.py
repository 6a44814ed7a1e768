#!/usr/bin/env python3
"""Set up and run Avatar Studio on this machine with nothing but Python.

    python3 dev.py start        # venv + install + migrate, then web, worker and sandbox
    python3 dev.py test [ARGS]  # venv + install, then ruff and the whole pytest suite

Both create `.venv/` on first use and reinstall when requirements.txt changes
(DEV_NO_INSTALL=1 uses `.venv/` as it is). `start` stops every process it
started on Ctrl-C, SIGINT or SIGTERM, within 5 seconds. Extra ARGS go to pytest.
"""

import contextlib
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
# On Ctrl-C: SIGTERM to every process group at once, then SIGKILL to what is
# left after this many seconds, so that everything is gone within 5 s.
STOP_GRACE_SECONDS = 4.0


def log(message):
    print(f"[dev] {message}", flush=True)


def ensure_venv():
    """Create the virtual environment and install requirements when they changed."""
    if not PYTHON.exists():
        log("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    if os.environ.get("DEV_NO_INSTALL") == "1":
        return
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


def interrupt(*_):
    raise KeyboardInterrupt


def group_alive(process):
    """Is anything left in the process group this child leads? (Its leader
    reaped first, so that a zombie does not count.)"""
    process.poll()
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def signal_group(process, sig):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def stop_all(processes):
    """SIGTERM to every child's process group at once (a qcluster's workers
    too), SIGKILL to whatever is left after STOP_GRACE_SECONDS."""
    if not processes:
        return
    log(f"stopping {', '.join(processes)}...")
    for process in processes.values():
        signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while time.monotonic() < deadline and any(map(group_alive, processes.values())):
        time.sleep(0.05)
    for name, process in processes.items():
        if group_alive(process):
            log(f"{name} did not stop in {STOP_GRACE_SECONDS:.0f} s; killing it")
            signal_group(process, signal.SIGKILL)
    for process in processes.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(1)
    log(f"stopped {', '.join(processes)}")


def start():
    # A job started in the background by a shell begins with SIGINT ignored,
    # and Python then installs no handler of its own: install it ourselves.
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    ensure_venv()
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1"), "PYTHONUNBUFFERED": "1"}
    uses_sandbox = not env.get("KLING_API_KEY") and not (
        env.get("KLING_ACCESS_KEY") and env.get("KLING_SECRET_KEY")
    )
    if uses_sandbox:
        # No Kling keys: the local sandbox, on purpose.
        env["KLING_PRACTICE_MODE"] = "1"
    manage("migrate", "--noinput", env=env)
    # Failed log-ins are counted in a database table when there is no Redis.
    manage("createcachetable", env=env)
    # The worker's minute schedule, the backstop for lost tasks (as on deploy).
    manage("setup_schedules", env=env)
    port = env.get("PORT", "8000")
    commands = {
        "web": [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [PYTHON, "manage.py", "qcluster"],
    }
    if uses_sandbox:
        # A local Kling-compatible server makes real videos.
        commands["sandbox"] = [
            PYTHON,
            "manage.py",
            "kling_sandbox",
            "--port",
            env.get("KLING_SANDBOX_PORT", "8765"),
        ]
    processes = {}
    try:
        for name, command in commands.items():
            # Each child gets its own process group so that Ctrl-C reaches us
            # once and we stop them together, instead of racing them.
            processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
            log(f"started {name} (pid {processes[name].pid})")
        log(f"Avatar Studio is at http://127.0.0.1:{port}/  (Ctrl-C stops everything)")
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    log(f"{name} exited with code {process.returncode}; stopping the others")
                    raise KeyboardInterrupt
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C must not cut the stopping short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_all(processes)
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
        try:
            return start()
        except KeyboardInterrupt:
            # Stopped during the set-up, before any process was started.
            return 130
    try:
        return test(argv[2:])
    except subprocess.CalledProcessError as error:
        return error.returncode or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
