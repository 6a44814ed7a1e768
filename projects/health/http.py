import hmac

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from projects.health.checks import health_report


def may_see_details(request) -> bool:
    """The checks' details (queue size, sandbox or not, why a check failed)
    are for operators: the ``HEALTH_TOKEN`` as ``Authorization: Bearer ...``
    or ``?token=``, or a logged-in staff user. Load balancers need only the
    status code and the overall status."""
    expected = settings.HEALTH_TOKEN
    if expected:
        scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
        given = credentials.strip() if scheme.lower() == "bearer" else ""
        given = given or request.GET.get("token", "")
        if given and hmac.compare_digest(given.encode(), expected.encode()):
            return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


@never_cache
@require_safe
def health(request):
    """For load balancers and monitors; no login. 503 when this web process
    cannot serve pages; with ``?strict=1``, when any check fails."""
    strict = request.GET.get("strict", "").lower() in ("1", "true", "yes")
    status, body = health_report(strict=strict)
    if not may_see_details(request):
        body = {"status": body["status"]}
    return JsonResponse(body, status=status)


# Without the slash too: many load balancers take a redirect for a failure.
HEALTH_PATHS = ("/health/", "/health")


class HealthCheckMiddleware:
    """Answers ``/health/`` before any other middleware: load balancers probe
    with their own Host header (often an IP address) over plain http, which
    ALLOWED_HOSTS and the HTTPS redirect would refuse. The report builds no
    URL from the Host header, so skipping that check is safe here.

    A request with a session cookie (a person in a browser, perhaps a staff
    user) goes through the whole stack instead, so that the view knows who
    is asking; load balancers send none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in HEALTH_PATHS and (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            return health(request)
        return self.get_response(request)
