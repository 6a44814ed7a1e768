"""Secret tokens in addresses (share links, password resets, invitations,
Kling callbacks) never reach a log: Django's warnings and runserver's request
lines through settings.LOGGING, gunicorn's access log through its logger class.
(tests/production/test_web_process.py checks a real gunicorn's log too.)"""

import io
import logging
import runpy
import sys
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from gunicorn.config import Config

from projects.logredact import RedactingGunicornLogger, RedactSecrets, redact
from tests.production.conftest import ROOT

SHARE_TOKEN = "share-secret-7Yq2LxW9"
CALLBACK = "/kling/callback/00000000-0000-0000-0000-000000000000/callback-secret-K3v8/"


@contextmanager
def written_by(logger_name):
    """What the handlers settings.LOGGING gives this logger (or, when it
    propagates, the root logger) write while the block runs."""
    logger = logging.getLogger(logger_name)
    handlers = logger.handlers if not logger.propagate else logging.getLogger().handlers
    # Those of settings.LOGGING, not pytest's capturing ones (subclasses).
    ours = [h for h in handlers if type(h) is logging.StreamHandler]
    assert ours, f"settings.LOGGING gives {logger_name} no handler"
    out = io.StringIO()
    previous = [handler.setStream(out) for handler in ours]
    try:
        yield out
    finally:
        for handler, stream in zip(ours, previous, strict=True):
            handler.setStream(stream)


@pytest.mark.parametrize(
    "path",
    [
        "/s/share-secret-7Yq2LxW9/",
        "/s/share-secret-7Yq2LxW9/renders/00000000-0000-0000-0000-000000000000/video/",
    ],
)
def test_a_404_on_a_share_link_is_logged_without_its_token(client, db, path):
    with written_by("django.request") as out:
        assert client.get(path).status_code == 404
    text = out.getvalue()
    assert "Not Found: /s/[redacted]/" in text
    assert SHARE_TOKEN not in text


def test_a_refused_kling_callback_is_logged_without_its_token(client, db):
    with written_by("django.request") as out:
        assert client.post(CALLBACK).status_code == 404
    assert "Not Found: /kling/callback/00000000-0000-0000-0000-000000000000/[redacted]/" in (
        out.getvalue()
    )
    assert "callback-secret-K3v8" not in out.getvalue()


def test_a_forbidden_post_to_an_invitation_is_logged_without_its_token(db):
    with written_by("django.security.csrf") as out:
        response = Client(enforce_csrf_checks=True).post("/invites/invite-secret-Pq4R/")
    assert response.status_code == 403
    assert "Forbidden (CSRF cookie not set.): /invites/[redacted]/" in out.getvalue()
    assert "invite-secret-Pq4R" not in out.getvalue()


def test_runservers_request_lines_leave_out_the_token():
    with written_by("django.server") as out:
        logging.getLogger("django.server").info(
            '"%s" %s %s', "GET /accounts/reset/MQ/reset-secret-Zt6/ HTTP/1.1", 200, 1234
        )
    assert '"GET /accounts/reset/MQ/[redacted]/ HTTP/1.1" 200 1234' in out.getvalue()


def test_a_traceback_is_redacted_too():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", None, None)
    try:
        raise ValueError("Could not open /s/share-secret-7Yq2LxW9/")
    except ValueError:
        record.exc_info = sys.exc_info()
    assert RedactSecrets().filter(record) is True
    assert "/s/[redacted]/" in record.exc_text
    assert SHARE_TOKEN not in record.exc_text


def test_team_pages_keep_their_codes():
    # Only the secrets go: a team's invitation pages name no secret.
    team = "/teams/0c8f1f6e-1111-2222-3333-444455556666/invites"
    assert redact(f"{team}/new/") == f"{team}/new/"
    assert redact("/accounts/reset/MQ/set-password/") == "/accounts/reset/MQ/set-password/"
    assert redact("/accounts/password_reset/") == "/accounts/password_reset/"


# --- gunicorn ------------------------------------------------------------------


@pytest.fixture
def gunicorn_logger(tmp_path):
    """The logger deploy/gunicorn.conf.py configures, writing its access log
    to a file, with a format that shows every atom carrying the address."""
    conf = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    cfg = Config()
    cfg.set("logger_class", conf["logger_class"])
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set(
        "access_log_format",
        conf["access_log_format"] + " %(r)s %(U)s %(q)s %(f)s %({referer}i)s %({raw_uri}e)s",
    )
    logger = cfg.logger_class(cfg)
    yield logger, tmp_path / "access.log"
    for handler in logger.access_log.handlers:
        handler.close()
    logger.access_log.handlers.clear()


def access_line(logger, log, raw_uri):
    """One request, with the atoms gunicorn builds (gunicorn/http/wsgi.py)."""
    path, _, query = raw_uri.partition("?")
    referer = f"https://studio.example.com{raw_uri}"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": raw_uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_REFERER": referer,
    }
    request = SimpleNamespace(headers=[("HOST", "studio.example.com"), ("REFERER", referer)])
    response = SimpleNamespace(status="404 Not Found", sent=179, headers=[])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    return log.read_text().splitlines()[-1]


def test_deploy_configures_the_redacting_gunicorn_logger(gunicorn_logger):
    logger, _ = gunicorn_logger
    assert isinstance(logger, RedactingGunicornLogger)


@pytest.mark.parametrize(
    "raw_uri, secret, shown",
    [
        ("/s/share-secret-7Yq2LxW9/", SHARE_TOKEN, "/s/[redacted]/"),
        ("/accounts/reset/MQ/reset-secret-Zt6/", "reset-secret-Zt6", "/reset/MQ/[redacted]/"),
        ("/invites/invite-secret-Pq4R/", "invite-secret-Pq4R", "/invites/[redacted]/"),
        (CALLBACK, "callback-secret-K3v8", "/00000000-0000-0000-0000-000000000000/[redacted]/"),
        ("/health/?token=health-secret-M2", "health-secret-M2", "?token=[redacted]"),
    ],
)
def test_gunicorns_access_line_leaves_out_the_token(gunicorn_logger, raw_uri, secret, shown):
    logger, log = gunicorn_logger
    line = access_line(logger, log, raw_uri)
    assert secret not in line
    assert shown in line
    assert '"GET ' in line and " 404 179 12ms " in line
