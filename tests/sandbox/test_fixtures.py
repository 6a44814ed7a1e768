"""The pytest fixtures other test suites rely on."""

from django.conf import settings as django_settings

from kling_sandbox.testing import FAST_OPTIONS


def test_each_test_starts_with_a_clean_fast_sandbox(kling_sandbox):
    assert kling_sandbox.creates() == []
    assert kling_sandbox.tasks() == []
    config = kling_sandbox.config()
    assert {name: config[name] for name in FAST_OPTIONS} == FAST_OPTIONS
    assert kling_sandbox.base_url.startswith("http://127.0.0.1:")


def test_the_settings_fixture_points_kling_settings_at_the_sandbox(kling_sandbox_settings):
    sandbox = kling_sandbox_settings
    current = (
        django_settings.KLING_API_BASE,
        django_settings.KLING_ACCESS_KEY,
        django_settings.KLING_SECRET_KEY,
    )
    assert current == (sandbox.base_url, sandbox.access_key, sandbox.secret_key)
