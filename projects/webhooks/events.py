"""``announce``: what the rest of the app calls when something a webhook may
want happens. One delivery row per enabled webhook of the team subscribed to
the event, written in the caller's transaction, and queued once it commits.
A team without webhooks costs one query.

Callers: ``renders/notify.py`` (a video done or failed), ``reviews/services.py``
(the team approves or asks for changes), ``sharing/feedback.py`` (a client's
comment or review, and the review state it changes), ``renders/holds.py``
(a video held by a monthly budget).
"""

import logging

from django.db import transaction

from projects.models import Team, Webhook, WebhookDelivery, WebhookEvent
from projects.renders.queue import enqueue_webhook_delivery

from .payloads import document, test_document

log = logging.getLogger(__name__)


def subscribed(team: Team, event: str) -> list[Webhook]:
    # Few webhooks per team: the events list is filtered here rather than
    # with a JSON lookup every database answers differently.
    webhooks = Webhook.objects.filter(team=team, enabled=True)
    return [webhook for webhook in webhooks if event in webhook.events]


def announce(event: str, team: Team, **facts) -> list[WebhookDelivery]:
    """Queue ``event`` to the team's webhooks that want it. ``facts``: the
    ``render``, and the ``comment`` or ``budget`` the event is about."""
    webhooks = subscribed(team, event)
    if not webhooks:
        return []
    try:
        # In a savepoint: telling webhooks must never undo or fail the change
        # it is about (a review saved, a render claimed).
        with transaction.atomic():
            return queue(webhooks, event, document(event, team, **facts))
    except Exception:
        log.exception("Could not queue the %s event for team %s's webhooks", event, team.pk)
        return []


def send_test(webhook: Webhook) -> WebhookDelivery:
    """The "Send a test event" button: a test event to this webhook alone."""
    return queue([webhook], WebhookEvent.TEST, test_document(webhook.team))[0]


def redeliver(delivery: WebhookDelivery) -> WebhookDelivery:
    """The same event again (same ``id``, so receivers can tell), as a new delivery."""
    return queue([delivery.webhook], delivery.event, delivery.payload)[0]


def queue(webhooks: list[Webhook], event: str, payload: dict) -> list[WebhookDelivery]:
    deliveries = [
        WebhookDelivery.objects.create(webhook=webhook, event=event, payload=payload)
        for webhook in webhooks
    ]
    ids = [d.pk for d in deliveries]
    # Robust: a broker that refuses is logged; the worker's sweep sends them anyway.
    for pk in ids:
        transaction.on_commit(lambda pk=pk: enqueue_webhook_delivery(pk), robust=True)
    return deliveries
