"""The Content-Security-Policy comes from django-csp (CONTENT_SECURITY_POLICY),
and it is the policy the app sent before, directive for directive."""

from django.conf import settings

from tests.production.conftest import ROOT

# What projects/csp.py sent from SECURE_CSP before django-csp.
POLICY_BEFORE = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' blob: data:; media-src 'self' blob: data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def directives(header):
    """Directive -> sources; browsers give the order of directives no meaning."""
    return dict(part.split(" ", 1) for part in header.split("; "))


def test_pages_carry_the_policy_sent_before(client, db):
    for url in ("/accounts/login/", "/signup/", "/s/no-such-link/"):
        response = client.get(url)
        assert directives(response["Content-Security-Policy"]) == directives(POLICY_BEFORE), url


def test_the_policy_is_django_csps():
    assert "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE
    assert "csp" in settings.INSTALLED_APPS
    assert not hasattr(settings, "SECURE_CSP")
    assert not (ROOT / "projects" / "csp.py").exists()
