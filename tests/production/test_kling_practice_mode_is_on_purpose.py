"""Without Kling's keys the app talks to the local sandbox. With DEBUG off
(production), it refuses to start unless KLING_PRACTICE_MODE says so, and the
sandbox app is installed only in practice mode."""

from projects.system_checks import kling_is_chosen
from tests.production.conftest import PRODUCTION_ENV, manage, read_settings

NO_KEYS = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("KLING_")}


def test_production_without_keys_refuses_to_start(tmp_path):
    result = manage(tmp_path, "check", **NO_KEYS, KLING_PRACTICE_MODE="0")
    assert result.returncode != 0
    assert "avatarstudio.E001" in result.stderr
    assert "KLING_PRACTICE_MODE=1" in result.stderr
    # migrate (the release script's first step) refuses too.
    assert manage(tmp_path, "migrate", **NO_KEYS, KLING_PRACTICE_MODE="0").returncode != 0


def test_practice_mode_on_purpose_starts(tmp_path):
    result = manage(tmp_path, "check", **NO_KEYS, KLING_PRACTICE_MODE="1")
    assert result.returncode == 0, result.stderr


def test_debug_is_practice_mode_unless_told_otherwise(tmp_path):
    s = read_settings(tmp_path, ["KLING_PRACTICE_MODE"], DEBUG="1", KLING_PRACTICE_MODE=None)
    assert s["KLING_PRACTICE_MODE"] is True


def test_the_sandbox_app_is_installed_only_in_practice_mode(tmp_path):
    production = read_settings(tmp_path, ["INSTALLED_APPS"], **PRODUCTION_ENV)
    assert "kling_sandbox" not in production["INSTALLED_APPS"]
    practice = read_settings(tmp_path, ["INSTALLED_APPS"], KLING_PRACTICE_MODE="1")
    assert "kling_sandbox" in practice["INSTALLED_APPS"]
    unknown = manage(tmp_path, "kling_sandbox", "--help", **PRODUCTION_ENV)
    assert unknown.returncode != 0
    assert "Unknown command" in unknown.stderr


def test_the_check_speaks_only_when_the_sandbox_is_not_on_purpose(settings):
    settings.KLING_USES_SANDBOX, settings.KLING_PRACTICE_MODE = True, False
    [error] = kling_is_chosen()
    assert error.id == "avatarstudio.E001"
    settings.KLING_PRACTICE_MODE = True
    assert kling_is_chosen() == []
    settings.KLING_USES_SANDBOX, settings.KLING_PRACTICE_MODE = False, False
    assert kling_is_chosen() == []
