import pickle

import pytest

from projects.kling import KlingRateLimitError, get_client
from projects.kling.errors import error_for_reply

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


@pytest.fixture
def sandbox_settings(settings):
    settings.KLING_API_KEY = ""
    settings.KLING_ACCESS_KEY = settings.KLING_SANDBOX_ACCESS_KEY
    settings.KLING_SECRET_KEY = settings.KLING_SANDBOX_SECRET_KEY
    settings.KLING_CONNECT_TIMEOUT = 3
    settings.KLING_READ_TIMEOUT = 20
    return settings


def test_get_client_uses_the_settings(sandbox_settings):
    sandbox_settings.KLING_API_BASE = "http://127.0.0.1:8765/"

    client = get_client()

    assert client.base_url == "http://127.0.0.1:8765"
    assert client.auth_kind == "jwt"
    assert (client.connect_timeout, client.read_timeout) == (3.0, 20.0)


def test_get_client_prefers_a_configured_api_key(sandbox_settings):
    sandbox_settings.KLING_API_KEY = "plain-api-key-0123456789"
    assert get_client().auth_kind == "api_key"


def test_get_client_takes_overrides(sandbox_settings):
    assert get_client(read_timeout=7).read_timeout == 7.0


def test_get_client_with_no_keys_talks_to_the_sandbox(sandbox_settings, kling_sandbox):
    # The sandbox fixture runs with the same default keys as the settings.
    sandbox_settings.KLING_API_BASE = kling_sandbox.base_url
    assert get_client().list_tasks().tasks == []


def test_an_error_survives_pickling_with_its_facts():
    # django-q2 moves task results between processes by pickling them.
    err = error_for_reply(
        http_status=429, code=1302, request_id="r1", retry_after=4.0, provider_message="too fast"
    )
    copy = pickle.loads(pickle.dumps(err))
    assert isinstance(copy, KlingRateLimitError)
    assert (copy.code, copy.request_id, copy.retry_after, copy.retryable) == (1302, "r1", 4.0, True)
    assert str(copy) == str(err)
