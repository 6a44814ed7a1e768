import base64
import hashlib
import hmac
import os
import re
import struct
import time
import uuid

import pytest

from projects.models import Membership, Project
from projects.teams.roles import Role
from projects.teams.services import user_sign_up

pytest_plugins = [
    "tests.kling_fixtures",
    "tests.browser_fixtures",
    "tests.url_world",
    "tests.local_http",
]

# The suite runs with DEBUG off and no Kling keys: the sandbox, on purpose.
# In the environment, so that the processes tests start (manage.py commands,
# qcluster, gunicorn) pass the system check that refuses the sandbox otherwise.
os.environ.setdefault("KLING_PRACTICE_MODE", "1")

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    # Production serves hashed files collected by `collectstatic`; tests serve
    # the source folder directly so that they need no build step.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # Password hashing is deliberately slow; tests do not need it to be.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _cache_keys_of_its_own(settings):
    # The cache is shared and outlives tests (Redis in the production shape):
    # fresh keys keep one test's login failures from throttling another's.
    default = {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}
    settings.CACHES = {**settings.CACHES, "default": default}


@pytest.fixture
def studio_sandbox(kling_sandbox, settings):
    """The sandbox, with the app's Kling client pointed at it."""
    settings.KLING_API_BASE = kling_sandbox.base_url
    settings.KLING_ACCESS_KEY = kling_sandbox.access_key
    settings.KLING_SECRET_KEY = kling_sandbox.secret_key
    settings.KLING_API_KEY = ""
    return kling_sandbox


@pytest.fixture
def enqueued(monkeypatch):
    """Record what would go to the django-q2 broker instead of sending it,
    for tests that call the worker's functions themselves."""
    calls = []
    monkeypatch.setattr(
        "projects.renders.queue.async_task",
        lambda func, *args, **kwargs: calls.append((func, args)),
    )
    return calls


@pytest.fixture
def alice(db):
    """Owner of her own team, "Alice's team"."""
    return user_sign_up(email="alice@example.org", password=PASSWORD, name="Alice")


@pytest.fixture
def team(alice):
    return alice.memberships.get().team


@pytest.fixture
def bob(db, team):
    """Alice's teammate; an editor unless a test changes his role."""
    user = user_sign_up(email="bob@example.org", password=PASSWORD, name="Bob")
    Membership.objects.create(team=team, user=user, role=Role.EDITOR)
    return user


@pytest.fixture
def charlie(db):
    """An outsider with a team of his own."""
    return user_sign_up(email="charlie@example.org", password=PASSWORD, name="Charlie")


@pytest.fixture
def project(team, alice):
    return Project.objects.create(team=team, name="Spring campaign", created_by=alice)


def set_role(user, team, role):
    Membership.objects.filter(user=user, team=team).update(role=role)


def log_in(client, email, password=PASSWORD, **extra):
    """Log in through the log-in page, as a person would."""
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def link_in(message, path):
    """The path of the first link to ``path`` in an e-mail, for the test client."""
    url = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"\S*)", message.body)
    assert url, f"No link to {path} in: {message.body}"
    return url.group(1)


def totp_code(secret, at=None):
    """The code an authenticator app shows for this secret (RFC 6238)."""
    counter = int((time.time() if at is None else at) // 30)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def login_as(client, user, team=None):
    client.force_login(user)
    if team is not None:
        session = client.session
        session["current_team"] = str(team.code)
        session.save()
    return client
