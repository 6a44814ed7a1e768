"""The team's webhooks page in a real browser: an owner adds a webhook,
copies its secret (shown once), sends a test event that a local receiver
gets, and reads the delivery log; on a desktop and on a phone (screenshots
in /tmp/shots and test-artifacts/screenshots)."""

from pathlib import Path

import pytest

from projects.models import Webhook, WebhookDelivery
from projects.webhooks.delivery import deliver
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def test_an_owner_adds_a_webhook_and_sends_a_test_event(
    live_server, new_page, settings, alice, team, servers, enqueued, shot
):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    receiver = servers(lambda path: (200, {}, b"ok"))
    broken = servers(lambda path: (500, {}, b"no"))
    base = live_server.url
    page = new_page(1280, 900)
    log_in(page, base, "alice@example.org", PASSWORD)

    page.goto(f"{base}/teams/{team.code}/members/")
    page.get_by_role("link", name="Webhooks").click()
    page.get_by_label("Name").fill("#video-news on Slack")
    page.get_by_label("Address (URL)").fill(f"{receiver.base_url}/services/T0/B0/secret-part")
    page.get_by_label("A video is ready").check()
    page.get_by_label("A client comments, approves or asks for changes").check()
    page.get_by_role("button", name="Add the webhook").click()

    webhook = Webhook.objects.get()
    assert page.get_by_label("Signing secret").input_value() == webhook.secret
    shot(page, "webhook-created")
    page.get_by_role("button", name="Send a test event").click()
    deliver(WebhookDelivery.objects.get().pk)
    page.reload()
    assert page.locator(".delivery-status--delivered").count() == 1
    assert len(receiver.received) == 1

    # A second webhook that fails, for the log's other look.
    failing = Webhook.objects.create(
        team=team, name="Our CRM", url=f"{broken.base_url}/in", events=["render.done"]
    )
    page.goto(f"{base}/teams/{team.code}/webhooks/{failing.code}/")
    page.get_by_role("button", name="Send a test event").click()
    deliver(WebhookDelivery.objects.filter(webhook=failing).get().pk)
    page.goto(f"{base}/teams/{team.code}/webhooks/{failing.code}/")
    assert "It answered 500" in page.locator(".deliveries").inner_text()
    shot(page, "webhook-log")

    SHOTS.mkdir(exist_ok=True)
    page.goto(f"{base}/teams/{team.code}/webhooks/")
    assert "secret-part" not in page.content()
    page.screenshot(path=str(SHOTS / "webhooks-1280.png"), full_page=True)
    phone = new_page(390, 844)
    log_in(phone, base, "alice@example.org", PASSWORD)
    phone.goto(f"{base}/teams/{team.code}/webhooks/")
    phone.screenshot(path=str(SHOTS / "webhooks-390.png"), full_page=True)
    phone.goto(f"{base}/teams/{team.code}/webhooks/{failing.code}/")
    phone.screenshot(path=str(SHOTS / "webhook-log-390.png"), full_page=True)
    page.goto(f"{base}/teams/{team.code}/webhooks/{webhook.code}/")
    page.screenshot(path=str(SHOTS / "webhook-log-1280.png"), full_page=True)
