from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from projects.health import health_report


@never_cache
@require_safe
def health(request):
    """For load balancers and monitors; no login. 503 when this web process
    cannot serve pages; with ``?strict=1``, when any check fails."""
    strict = request.GET.get("strict", "").lower() in ("1", "true", "yes")
    status, body = health_report(strict=strict)
    return JsonResponse(body, status=status)
