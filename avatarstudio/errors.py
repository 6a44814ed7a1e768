"""The site's own error pages (400, 403, 404, 500 and a refused form), never
Django's bare ones, with DEBUG on or off.

Wired in avatarstudio/urls.py (``handler400`` ...) and by ``CSRF_FAILURE_VIEW``
in settings. Each page is rendered without the request, so that no context
processor runs: the 500 page must show even when the database is down, and
none of them depends on who is signed in. Under /s/ (share links, visitors
without an account) the pages offer no way into the studio, whose pages would
only ask them to log in; a 404 there is the share link's own "does not open"
page.
"""

from django.http import HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.template import loader

from projects.sharing.responses import gone
from projects.teams.access import RoleNeeded

SHARED_PREFIX = "/s/"


def _shared(request) -> bool:
    return request.path.startswith(SHARED_PREFIX)


def _page(request, template: str, status: int, **context) -> HttpResponse:
    html = loader.render_to_string(template, {"shared": _shared(request), **context})
    response = HttpResponse(html, status=status)
    if _shared(request):
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "same-origin"
    return response


def bad_request(request, exception=None):
    return _page(request, "400.html", 400)


def permission_denied(request, exception=None):
    # Only the app's own role check explains itself: other refusals (Django,
    # allauth) may carry words not meant for a marketer.
    role_message = exception.message if isinstance(exception, RoleNeeded) else ""
    return _page(request, "403.html", 403, role_message=role_message)


def page_not_found(request, exception=None):
    if _shared(request):
        return gone(request)
    return _page(request, "404.html", 404)


def server_error(request):
    return _page(request, "500.html", 500)


def csrf_failure(request, reason=""):
    return _page(request, "errors/csrf.html", 403, no_cookie=reason == REASON_NO_CSRF_COOKIE)
