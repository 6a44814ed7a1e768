"""Django system checks of our own configuration (``manage.py check``; also
run by ``migrate``, ``collectstatic``, ``qcluster`` and ``runserver``, so a
deploy stops at its release script or before gunicorn starts)."""

from django.conf import settings
from django.core.checks import Error

PRACTICE_MODE_HINT = (
    "Set KLING_ACCESS_KEY and KLING_SECRET_KEY (or KLING_API_KEY) to use Kling, "
    "or KLING_PRACTICE_MODE=1 to use the local sandbox on purpose."
)


def kling_is_chosen(app_configs=None, **kwargs):
    """Without Kling's keys the app talks to the local sandbox. On a laptop
    (DEBUG, ``dev.py start``) that is the point; in production it means
    renders sent to an address where nothing answers, and people told their
    videos are on their way. So production must say it means it."""
    if settings.KLING_USES_SANDBOX and not settings.KLING_PRACTICE_MODE:
        return [
            Error(
                "No Kling keys are set, so renders would go to the practice sandbox "
                f"at {settings.KLING_API_BASE}, and practice mode is off.",
                hint=PRACTICE_MODE_HINT,
                id="avatarstudio.E001",
            )
        ]
    return []
