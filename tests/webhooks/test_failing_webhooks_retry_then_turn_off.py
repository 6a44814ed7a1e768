"""A delivery that fails is tried again later, waiting longer each time
(with some randomness), and given up after the last wait; a webhook that
keeps failing turns itself off and its team's owners are told, in the app
and by e-mail. All against a real local receiver."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from projects import tasks
from projects.models import DeliveryState, Notice, Webhook, WebhookDelivery
from projects.webhooks.delivery import deliver
from projects.webhooks.events import send_test
from tests.conftest import login_as
from tests.webhooks.conftest import deliver_all, make_webhook

DELAYS = [60, 300, 1800, 7200, 21600]
REASON = "Internal Server Error"
TURNED_OFF = "Not sent: the webhook was turned off."


@pytest.fixture
def broken(servers, local_hosts):
    """A receiver that answers 500 to everything."""
    return servers(lambda path: (500, {}, b"oops"))


def test_a_failed_attempt_waits_longer_each_time_then_gives_up(team, broken, enqueued):
    webhook = make_webhook(team, f"{broken.base_url}/in")
    delivery = send_test(webhook)

    for attempt, delay in enumerate(DELAYS, start=1):
        before = timezone.now()
        assert deliver(delivery.pk, before) == "retrying"
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, attempt)
        assert delivery.response_code == 500
        assert delivery.last_error == f"It answered 500 ({REASON}) instead of a 2xx success."
        wait = (delivery.next_attempt_at - before).total_seconds()
        assert delay <= wait <= delay * 1.2 + 2, (attempt, wait)
        # Not due yet: the worker (or a duplicate task) sends nothing now.
        assert deliver(delivery.pk) == "not-due"
        assert len(broken.received) == attempt
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())

    assert deliver(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.next_attempt_at) == (
        DeliveryState.FAILED,
        6,
        None,
    )
    assert delivery.last_error.endswith("We gave up after 6 attempts.")
    assert deliver(delivery.pk) == "not-due"
    assert len(broken.received) == 6


def test_the_minute_sweep_sends_what_is_due_and_nothing_else(team, receiver, enqueued):
    ok = make_webhook(team, f"{receiver.base_url}/ok")
    due, later = send_test(ok), send_test(ok)
    WebhookDelivery.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )

    assert tasks.deliver_webhooks() == 1
    assert WebhookDelivery.objects.get(pk=due.pk).state == DeliveryState.DELIVERED
    assert WebhookDelivery.objects.get(pk=later.pk).state == DeliveryState.PENDING
    assert len(receiver.received) == 1


def test_a_success_starts_the_count_of_failures_again(team, servers, local_hosts, enqueued):
    answers = iter([500, 503, 200])
    flaky = servers(lambda path: (next(answers), {}, b""))
    webhook = make_webhook(team, f"{flaky.base_url}/in")
    for _ in range(3):
        send_test(webhook)
    deliver_all(webhook)
    webhook.refresh_from_db()
    assert (webhook.consecutive_failures, webhook.failing_since) == (0, None)


def test_a_webhook_that_keeps_failing_turns_off_and_the_owners_are_told(
    client, settings, team, alice, bob, broken, enqueued
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    webhook = make_webhook(team, f"{broken.base_url}/secret-path/in", name="Our CRM")
    for _ in range(4):
        send_test(webhook)

    assert deliver_all(webhook)[:3] == ["retrying", "retrying", "retrying"]

    webhook.refresh_from_db()
    assert not webhook.enabled
    assert "after 3 failed attempts in a row" in webhook.disabled_reason
    assert "It answered 500" in webhook.disabled_reason
    # The fourth never went: it failed, saying why; nothing else is sent.
    assert len(broken.received) == 3
    assert set(webhook.deliveries.values_list("state", flat=True)) == {DeliveryState.FAILED}
    assert webhook.deliveries.filter(last_error=TURNED_OFF).count() == 4
    assert send_test(webhook) and deliver_all(webhook) == ["not-due"]

    # Owners only (Bob edits): a notice and an e-mail, with no secret in them.
    [notice] = Notice.objects.all()
    assert notice.user == alice
    assert notice.message.startswith("The webhook “Our CRM” of Alice's team (to 127.0.0.1)")
    [sent] = mail.outbox
    assert sent.to == ["alice@example.org"]
    assert sent.subject == "Webhook “Our CRM” turned off"
    assert f"/teams/{team.code}/webhooks/" in sent.body
    for text in (notice.message, sent.subject, sent.body, webhook.disabled_reason):
        assert webhook.secret not in text and "secret-path" not in text

    # An owner turns it on again: the count starts afresh.
    login_as(client, alice)
    client.post(f"/teams/{team.code}/webhooks/{webhook.code}/enabled/", {"enabled": "on"})
    webhook.refresh_from_db()
    assert (webhook.enabled, webhook.consecutive_failures, webhook.disabled_reason) == (
        True,
        0,
        "",
    )


def test_a_day_of_failures_turns_it_off_however_few(team, broken, enqueued):
    webhook = make_webhook(team, f"{broken.base_url}/in")
    Webhook.objects.filter(pk=webhook.pk).update(
        consecutive_failures=2, failing_since=timezone.now() - timedelta(hours=25)
    )
    send_test(webhook)
    deliver_all(webhook)
    webhook.refresh_from_db()
    assert not webhook.enabled and webhook.consecutive_failures == 3
