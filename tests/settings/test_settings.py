"""Settings read from the environment, with defaults that run from a checkout."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.db import connection
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "broker": "redis" if "redis" in settings.Q_CLUSTER else settings.Q_CLUSTER.get("orm"),
    "debug": settings.DEBUG,
    "email": settings.EMAIL_BACKEND,
    "kling": settings.KLING_API_BASE,
    "sandbox": settings.KLING_USES_SANDBOX,
    "hosts": settings.ALLOWED_HOSTS,
    "journal": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    if connection.vendor == "sqlite" else None,
}))
"""


def read_settings(tmp_path, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KLING_", "DATABASE_URL", "REDIS_URL", "DEBUG"))
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="avatarstudio.settings",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        **env,
    )
    out = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_with_no_environment_the_app_runs_on_sqlite_and_the_sandbox(tmp_path):
    s = read_settings(tmp_path)
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["journal"] == "wal"
    assert s["broker"] == "default"
    assert s["debug"] is False
    assert s["email"].endswith("console.EmailBackend")
    assert s["sandbox"] is True
    assert s["kling"] == "http://127.0.0.1:8765"


def test_environment_variables_are_read(tmp_path):
    secret = tmp_path / "sk"
    secret.write_text("sk-from-file\n")
    s = read_settings(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        REDIS_URL="redis://127.0.0.1:6379/0",
        ALLOWED_HOSTS="studio.example.com",
        KLING_ACCESS_KEY="ak",
        KLING_SECRET_KEY_FILE=str(secret),
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["broker"] == "redis"
    assert s["hosts"] == ["studio.example.com"]
    assert s["sandbox"] is False
    assert s["kling"] == "https://api-singapore.klingai.com"
