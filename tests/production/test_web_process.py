"""The production web process as deploy/ runs it: the release script on a
fresh database, collectstatic, then gunicorn with two processes behind a
(pretend) HTTPS proxy."""

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.production.conftest import PRODUCTION_ENV, ROOT, clean_env

DEPLOY = ROOT / "deploy"
HOST = "studio.example.com"
VIA_PROXY = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
HEALTH_TOKEN = "health-token-of-the-web-process-test"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def web_home(tmp_path_factory):
    """Where the web process keeps its database, files and log (gunicorn.log)."""
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def web(web_home):
    tmp = web_home
    port = free_port()
    env = clean_env(
        tmp,
        **PRODUCTION_ENV,
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        # Kling out of reach: the site must still serve.
        KLING_API_BASE="http://127.0.0.1:1",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        HEALTH_TOKEN=HEALTH_TOKEN,
        PYTHON=sys.executable,
    )
    for command in (
        ["sh", str(DEPLOY / "release.sh")],
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
    ):
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (tmp / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(gunicorn), "-c", str(DEPLOY / "gunicorn.conf.py"), "avatarstudio.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/health/", timeout=5)
            break
        except (requests.ConnectionError, requests.Timeout):  # starting, or busy starting
            assert process.poll() is None, (tmp / "gunicorn.log").read_text()
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(30)
    log.close()


def test_the_release_script_prepares_a_fresh_database_and_can_run_again(tmp_path):
    env = clean_env(tmp_path, PYTHON=sys.executable)
    for _ in range(2):
        done = subprocess.run(
            ["sh", str(DEPLOY / "release.sh")], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert "schedule render-pump" in done.stdout


def test_the_health_check_answers_a_load_balancer_probing_by_ip(web):
    reply = requests.get(
        web + "/health/",
        headers={"Host": "10.0.0.7", "Authorization": f"Bearer {HEALTH_TOKEN}"},
        timeout=10,
    )
    assert reply.status_code == 200
    body = reply.json()
    assert [body["checks"][n]["ok"] for n in ("database", "cache", "broker")] == [True] * 3
    # No qcluster and no Kling in this test: reported, but the site serves.
    assert body["status"] == "degraded"


def test_pages_come_over_https_only_with_the_security_headers(web):
    plain = requests.get(web + "/accounts/login/", headers={"Host": HOST}, allow_redirects=False)
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"https://{HOST}/accounts/login/"

    page = requests.get(web + "/accounts/login/", headers=VIA_PROXY, timeout=10)
    assert page.status_code == 200
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "Secure" in page.headers["Set-Cookie"]


def test_whitenoise_serves_the_collected_static_files_for_a_long_time(web):
    page = requests.get(web + "/accounts/login/", headers=VIA_PROXY, timeout=10).text
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]+\.css)"', page).group(1)
    reply = requests.get(web + stylesheet, headers=VIA_PROXY, timeout=10)
    assert reply.status_code == 200
    assert "text/css" in reply.headers["Content-Type"]
    assert "immutable" in reply.headers["Cache-Control"]


def test_login_failures_are_counted_across_gunicorn_processes(web):
    # Every attempt on a fresh connection, so that both gunicorn processes
    # take some: the count lives in the shared cache, not in one process.
    session = requests.get(web + "/accounts/login/", headers=VIA_PROXY, timeout=10)
    token = session.cookies["csrftoken"]
    headers = {
        **VIA_PROXY,
        "Origin": f"https://{HOST}",
        "Cookie": f"csrftoken={token}",
        "Connection": "close",
    }
    form = {"csrfmiddlewaretoken": token, "login": "nobody@example.org", "password": "guess"}
    answers = []
    for _ in range(6):
        reply = requests.post(web + "/accounts/login/", data=form, headers=headers, timeout=10)
        assert reply.status_code == 200
        answers.append("Too many attempts" in reply.text)
    assert answers == [False] * 5 + [True]


def test_secret_tokens_in_addresses_stay_out_of_gunicorns_log(web, web_home):
    # Share link, password reset, invitation and Kling callback, all refused
    # or not found: gunicorn logs each request, Django warns about the 404s.
    asked = [
        ("get", "/s/share-secret-AAAA/"),
        ("get", "/accounts/reset/MQ/reset-secret-BBBB/"),
        ("get", "/invites/invite-secret-CCCC/"),
        ("post", "/kling/callback/00000000-0000-0000-0000-000000000000/callback-secret-DDDD/"),
    ]
    for method, path in asked:
        requests.request(method, web + path, headers=VIA_PROXY, timeout=10)
    log = web_home / "gunicorn.log"
    deadline = time.monotonic() + 10
    while log.read_text().count("[redacted]") < 2 * len(asked) and time.monotonic() < deadline:
        time.sleep(0.2)
    text = log.read_text()
    for secret in ("AAAA", "BBBB", "CCCC", "DDDD"):
        assert secret not in text, text
    # Still logged, without the secret: the access lines and Django's warnings.
    assert '"GET /s/[redacted]/"' in text
    assert '"GET /accounts/reset/MQ/[redacted]/"' in text
    assert '"GET /invites/[redacted]/"' in text
    assert "Not Found: /s/[redacted]/" in text
    assert "Not Found: /kling/callback/00000000-0000-0000-0000-000000000000/[redacted]/" in text
