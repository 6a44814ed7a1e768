"""Stopping every submission while Kling refuses us for a reason no retry
can fix (wrong keys, no credit, no permission), and resuming once it
answers again. Owners see a banner while paused."""

import logging
from datetime import timedelta

from django.utils import timezone

from projects.kling import KlingClient, KlingError, get_client
from projects.models import ProviderPause

log = logging.getLogger(__name__)

PAUSE_RECHECK = timedelta(minutes=1)


def provider_paused() -> ProviderPause | None:
    return ProviderPause.objects.first()


def pause_provider(error: KlingError):
    ProviderPause.objects.update_or_create(
        id=1,
        defaults={
            "category": str(error.category),
            "message": error.user_message,
            "last_checked_at": timezone.now(),
        },
    )
    log.warning(
        "Submissions paused: %s (code %s, request %s)", error.category, error.code, error.request_id
    )


def provider_recheck(client: KlingClient | None = None) -> bool:
    """Ask Kling a harmless question; lift the pause when it answers. Returns
    True when submissions may go on."""
    pause = provider_paused()
    if pause is None:
        return True
    now = timezone.now()
    if now - pause.last_checked_at < PAUSE_RECHECK:
        return False
    client = client or get_client()
    try:
        client.list_tasks(page_num=1, page_size=1)
    except KlingError as error:
        if error.needs_admin:
            ProviderPause.objects.filter(id=1).update(
                last_checked_at=now, message=error.user_message
            )
            return False
        # Rate limits, outages: not the reason we paused; try again later.
        ProviderPause.objects.filter(id=1).update(last_checked_at=now)
        return False
    ProviderPause.objects.filter(id=1).delete()
    log.info("Kling answers again: submissions resume")
    return True
