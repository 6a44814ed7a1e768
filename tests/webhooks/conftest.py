"""Team webhooks against real local receivers (tests/local_http.py)."""

import hashlib
import hmac
import json

import pytest

from projects.models import SUBSCRIBABLE, DeliveryState, Webhook, WebhookDelivery
from projects.webhooks.delivery import deliver

SITE = "https://studio.example.com"
EVERY_EVENT = [event.value for event in SUBSCRIBABLE]


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def local_hosts(settings):
    """Development's rule: http:// and local addresses allowed."""
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True


@pytest.fixture
def receiver(servers, local_hosts):
    """A receiver that answers 200 to everything."""
    return servers(lambda path: (200, {}, b"thanks"))


def make_webhook(team, url, events=None, **fields):
    return Webhook.objects.create(
        team=team,
        name=fields.pop("name", "Our CRM"),
        url=url,
        events=events or EVERY_EVENT,
        **fields,
    )


def independent_signature(secret: str, received) -> str:
    """The check a receiver makes, written here apart from the product's code."""
    timestamp = received.headers["x-avatarstudio-timestamp"].encode()
    digest = hmac.new(secret.encode(), timestamp + b"." + received.body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def body_of(received) -> dict:
    return json.loads(received.body)


def deliver_all(webhook=None) -> list[str]:
    """One attempt at every delivery that is waiting and due, in the test's process."""
    pending = WebhookDelivery.objects.filter(state=DeliveryState.PENDING)
    if webhook is not None:
        pending = pending.filter(webhook=webhook)
    return [deliver(pk) for pk in pending.order_by("pk").values_list("pk", flat=True)]
