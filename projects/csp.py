"""Content-Security-Policy on every response, from ``settings.SECURE_CSP``.

Django 5.2 has no CSP support of its own; 6.0 adds a middleware that reads a
setting of the same name and shape (directive -> list of sources), so moving
to it means swapping this class for ``django.middleware.csp.ContentSecurityPolicyMiddleware``.

The app's pages have no inline script, style attribute or event handler
(``json_script`` data is ``type="application/json"``, which CSP does not
treat as a script), so the policy allows only our own origin.
"""

from django.conf import settings

HEADER = "Content-Security-Policy"


def build_policy(directives: dict[str, list[str]]) -> str:
    """``{"default-src": ["'self'"], ...}`` -> ``"default-src 'self'; ..."``."""
    parts = []
    for name, sources in directives.items():
        if sources is None:
            continue
        parts.append(" ".join([name, *sources]) if sources else name)
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A view that needs its own policy sets the header itself.
        if HEADER in response:
            return response
        # Django's debug error pages (DEBUG on only) style themselves inline.
        if settings.DEBUG and response.status_code >= 400:
            return response
        policy = build_policy(getattr(settings, "SECURE_CSP", {}) or {})
        if policy:
            response[HEADER] = policy
        return response
