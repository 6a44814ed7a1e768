"""Delivering in the worker: one attempt at a time, retried with back-off,
and a webhook that keeps failing turned off (``disabling.py``).

An attempt first claims the delivery with a conditional UPDATE (pending, due,
its webhook on): it counts the attempt and moves ``next_attempt_at`` past the
attempt's longest possible time, so a duplicate task, or the sweep, finds it
not due and sends nothing. A worker that dies mid-attempt leaves it due again
once that lease is over: a delivery is sent at least once, and receivers tell
repeats apart by ``X-AvatarStudio-Delivery`` and the event's ``id``.

Waits between attempts: ``WEBHOOK_RETRY_DELAYS`` (1 min, 5 min, 30 min, 2 h,
6 h), each stretched by up to a fifth at random so that many deliveries that
failed together do not come back together. After the last one, the delivery
has failed for good.
"""

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from projects.models import DeliveryState, Webhook, WebhookDelivery

from .disabling import disable_if_failing
from .sending import Outcome, send

JITTER = 0.2
# How many due deliveries one sweep sends, and for how long it starts new ones.
SWEEP_LIMIT = 100
SWEEP_SECONDS = 50


def lease_seconds() -> float:
    return settings.WEBHOOK_CONNECT_TIMEOUT + settings.WEBHOOK_READ_TIMEOUT + 30


def max_attempts() -> int:
    return len(settings.WEBHOOK_RETRY_DELAYS) + 1


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt (1 for the first)."""
    delays = settings.WEBHOOK_RETRY_DELAYS
    base = delays[min(attempts, len(delays)) - 1]
    return timedelta(seconds=base * random.uniform(1, 1 + JITTER))


def claim(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id,
        state=DeliveryState.PENDING,
        next_attempt_at__lte=now,
        webhook__enabled=True,
    ).update(
        attempts=F("attempts") + 1,
        next_attempt_at=now + timedelta(seconds=lease_seconds()),
    )
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("webhook__team").get(pk=delivery_id)


def deliver(delivery_id: int, now: datetime | None = None) -> str:
    """One attempt at a delivery that is due: "delivered", "retrying",
    "failed", or "not-due" (not pending, not yet due, or its webhook is off)."""
    delivery = claim(delivery_id, now or timezone.now())
    if delivery is None:
        return "not-due"
    outcome = send(delivery)
    return record(delivery, outcome, timezone.now())


def record(delivery: WebhookDelivery, outcome: Outcome, now: datetime) -> str:
    webhook = delivery.webhook
    if outcome.ok:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.DELIVERED,
            response_code=outcome.response_code,
            delivered_at=now,
            next_attempt_at=None,
            last_error="",
        )
        Webhook.objects.filter(pk=webhook.pk).update(consecutive_failures=0, failing_since=None)
        return "delivered"
    done = delivery.attempts >= max_attempts()
    error = outcome.error
    if done:
        error = f"{error} We gave up after {delivery.attempts} attempts."
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.FAILED if done else DeliveryState.PENDING,
        response_code=outcome.response_code,
        next_attempt_at=None if done else now + retry_delay(delivery.attempts),
        last_error=error[:300],
    )
    Webhook.objects.filter(pk=webhook.pk).update(
        consecutive_failures=F("consecutive_failures") + 1,
        failing_since=Coalesce(F("failing_since"), now),
    )
    disable_if_failing(webhook.pk, outcome.error, now)
    return "failed" if done else "retrying"


def deliver_due(now: datetime | None = None) -> int:
    """The worker's minute sweep: every delivery whose next attempt is due,
    oldest first, for at most ``SWEEP_SECONDS``. How many were attempted."""
    started = timezone.now()
    due = WebhookDelivery.objects.filter(
        state=DeliveryState.PENDING,
        next_attempt_at__lte=now or started,
        webhook__enabled=True,
    ).order_by("next_attempt_at", "pk")
    attempted = 0
    for delivery_id in list(due.values_list("pk", flat=True)[:SWEEP_LIMIT]):
        if (timezone.now() - started).total_seconds() > SWEEP_SECONDS:
            break
        if deliver(delivery_id, now) != "not-due":
            attempted += 1
    return attempted
