"""A webhook delivery through a real `manage.py qcluster`: queued on commit,
sent by the worker process to a local receiver, signed, and recorded."""

import hashlib
import hmac

import pytest

from projects.models import DeliveryState, Webhook, WebhookDelivery
from projects.webhooks.events import send_test
from tests.pipeline.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_delivers_a_queued_event(qcluster, team, servers):
    receiver = servers(lambda path: (204, {}, b""))
    webhook = Webhook.objects.create(
        team=team, name="CRM", url=f"{receiver.base_url}/in", events=["render.done"]
    )
    qcluster(WEBHOOK_ALLOW_PRIVATE_HOSTS="1")

    delivery = send_test(webhook)

    wait_for(lambda: receiver.received, timeout=60, message="the worker to deliver")
    [received] = receiver.received
    timestamp = received.headers["x-avatarstudio-timestamp"].encode()
    mac = hmac.new(webhook.secret.encode(), timestamp + b"." + received.body, hashlib.sha256)
    assert received.headers["x-avatarstudio-signature"] == "sha256=" + mac.hexdigest()

    def recorded():
        delivery.refresh_from_db()
        return delivery.state == DeliveryState.DELIVERED

    wait_for(recorded, timeout=30, message="the delivery recorded")
    assert (delivery.response_code, delivery.attempts) == (204, 1)
    assert WebhookDelivery.objects.count() == 1
