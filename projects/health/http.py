from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from projects.health.checks import health_report


@never_cache
@require_safe
def health(request):
    """For load balancers and monitors; no login. 503 when this web process
    cannot serve pages; with ``?strict=1``, when any check fails."""
    strict = request.GET.get("strict", "").lower() in ("1", "true", "yes")
    status, body = health_report(strict=strict)
    return JsonResponse(body, status=status)


# Without the slash too: many load balancers take a redirect for a failure.
HEALTH_PATHS = ("/health/", "/health")


class HealthCheckMiddleware:
    """Answers ``/health/`` before any other middleware: load balancers probe
    with their own Host header (often an IP address) over plain http, which
    ALLOWED_HOSTS and the HTTPS redirect would refuse. The report builds no
    URL from the Host header, so skipping that check is safe here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in HEALTH_PATHS:
            return health(request)
        return self.get_response(request)
