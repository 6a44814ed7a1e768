"""Pytest plugin: one in-process Kling sandbox per test session.

``kling_sandbox`` (per test) resets it and returns a
``kling_sandbox.testing.SandboxHandle``: ``.base_url``, ``.access_key``,
``.secret_key``, ``.configure(**options)``, ``.creates()``, ``.callbacks()``,
``.reset()``, ``.headers()``... (option names in ``kling_sandbox.config``).
Tasks finish 1 to 1.5 s after creation unless a test configures otherwise.
No database is needed.

``kling_sandbox_settings`` (needs pytest-django's ``settings``) also points the
project's KLING_* settings at the sandbox, for tests of code that reads them.
"""

import pytest

from kling_sandbox.testing import FAST_OPTIONS, start_sandbox


@pytest.fixture(scope="session")
def kling_sandbox_server():
    """The session's sandbox on 127.0.0.1 and a free port, with fast timings."""
    handle = start_sandbox(**FAST_OPTIONS)
    yield handle
    handle.stop()


@pytest.fixture
def kling_sandbox(kling_sandbox_server):
    """The session's sandbox, with no tasks and its fast start-up options."""
    kling_sandbox_server.reset()
    return kling_sandbox_server


@pytest.fixture
def kling_sandbox_settings(kling_sandbox, settings):
    """``kling_sandbox``, with settings.KLING_API_BASE and the keys pointing at it."""
    settings.KLING_API_BASE = kling_sandbox.base_url
    settings.KLING_ACCESS_KEY = kling_sandbox.access_key
    settings.KLING_SECRET_KEY = kling_sandbox.secret_key
    settings.KLING_API_KEY = ""
    settings.KLING_USES_SANDBOX = True
    return kling_sandbox
