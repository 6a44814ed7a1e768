import json
import os
import subprocess
import sys
from pathlib import Path

# Real qcluster processes against the test database, as in tests/pipeline.
from tests.pipeline.conftest import qcluster  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]

# Variables that would leak this machine's configuration into a subprocess
# that should see only what the test gives it.
CONFIG_PREFIXES = (
    "KLING_",
    "DATABASE_URL",
    "REDIS_",
    "DEBUG",
    "SITE_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_",
    "BEHIND_PROXY",
    "MEDIA_STORAGE",
    "AWS_",
    "LOGIN_",
    # Set for browser tests; `check --deploy` rightly refuses it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)

# What a real deployment sets (see "Deploy" in the README), Kling's keys
# included: production refuses the sandbox unless practice mode says so.
PRODUCTION_ENV = {
    "SECRET_KEY": "k3y-" + "9fT2xQ7mLr8vB1nZc4Hs6Jd0Wp5Ye3Ua" * 2,
    "ALLOWED_HOSTS": "studio.example.com",
    "SITE_URL": "https://studio.example.com",
    "BEHIND_PROXY": "1",
    "KLING_ACCESS_KEY": "example-access-key",
    "KLING_SECRET_KEY": "example-secret-key",
    "KLING_PRACTICE_MODE": "0",
}


def clean_env(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(CONFIG_PREFIXES)}
    clean.update(
        DJANGO_SETTINGS_MODULE="avatarstudio.settings",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        # With no keys given, the sandbox on purpose (as the whole suite).
        KLING_PRACTICE_MODE="1",
    )
    clean.update(env)
    # None: leave the variable unset.
    return {k: v for k, v in clean.items() if v is not None}


def run_python(tmp_path, code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def manage(tmp_path, *args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(tmp_path, names, **env):
    """The named settings as a fresh process sees them with this environment."""
    code = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))\n"
    )
    out = run_python(tmp_path, code, **env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])
