import pytest

from .api import KlingApi


@pytest.fixture
def api(kling_sandbox):
    return KlingApi(kling_sandbox)
