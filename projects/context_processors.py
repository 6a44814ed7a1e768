from django.conf import settings


def studio(request):
    return {
        "uses_sandbox": settings.KLING_USES_SANDBOX,
    }
