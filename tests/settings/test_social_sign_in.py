"""Sign-in with Google and Microsoft: off unless their keys are set, and then
offered on the log-in and sign-up pages."""

import json

from tests.production.conftest import read_settings, run_python

NAMES = ["INSTALLED_APPS", "SOCIALACCOUNT_PROVIDERS"]

GOOGLE = {"GOOGLE_CLIENT_ID": "google-id", "GOOGLE_CLIENT_SECRET": "google-secret"}
MICROSOFT = {
    "MICROSOFT_CLIENT_ID": "ms-id",
    "MICROSOFT_CLIENT_SECRET": "ms-secret",
    "MICROSOFT_TENANT": "contoso.onmicrosoft.com",
}

LOGIN_PAGES = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
pages = [Client().get(p).content.decode() for p in ("/accounts/login/", "/accounts/signup/")]
print(json.dumps(pages))
"""


def social_apps(installed):
    return [a for a in installed if a.startswith("allauth.socialaccount")]


def test_without_keys_there_is_no_social_sign_in(tmp_path):
    s = read_settings(tmp_path, NAMES)
    assert social_apps(s["INSTALLED_APPS"]) == []
    assert s["SOCIALACCOUNT_PROVIDERS"] == {}


def test_each_provider_comes_with_its_own_keys(tmp_path):
    s = read_settings(tmp_path, NAMES, **GOOGLE)
    assert social_apps(s["INSTALLED_APPS"]) == [
        "allauth.socialaccount",
        "allauth.socialaccount.providers.google",
    ]
    assert s["SOCIALACCOUNT_PROVIDERS"]["google"]["APPS"][0]["client_id"] == "google-id"
    s = read_settings(tmp_path, NAMES, **MICROSOFT)
    assert social_apps(s["INSTALLED_APPS"])[1:] == ["allauth.socialaccount.providers.microsoft"]
    app = s["SOCIALACCOUNT_PROVIDERS"]["microsoft"]["APPS"][0]
    assert app["settings"] == {"tenant": "contoso.onmicrosoft.com"}
    # Half a configuration is no configuration.
    s = read_settings(tmp_path, NAMES, GOOGLE_CLIENT_ID="google-id")
    assert social_apps(s["INSTALLED_APPS"]) == []


def test_the_pages_offer_the_configured_providers(tmp_path):
    # DEBUG: static files without collectstatic.
    result = run_python(tmp_path, LOGIN_PAGES, DEBUG="1", **GOOGLE, **MICROSOFT)
    assert result.returncode == 0, result.stderr
    for page in json.loads(result.stdout.strip().splitlines()[-1]):
        assert "Continue with Google" in page
        assert "Continue with Microsoft" in page
    plain = run_python(tmp_path, LOGIN_PAGES, DEBUG="1")
    assert plain.returncode == 0, plain.stderr
    for page in json.loads(plain.stdout.strip().splitlines()[-1]):
        assert "Continue with" not in page
