"""A delivery is a signed JSON POST, and its body fits the receiver: Slack's
message for hooks.slack.com, a Teams Adaptive Card for Workflows and Teams
webhooks, the documented generic document for anything else. Each goes to a
real local receiver; the signature is checked the way a receiver would."""

import re
import time
from pathlib import Path

from projects import tasks
from projects.models import DeliveryState, WebhookDelivery, WebhookEvent
from projects.renders.notify import render_finished
from projects.webhooks.events import send_test
from tests.sharing.conftest import done_render
from tests.webhooks.conftest import SITE, body_of, independent_signature, make_webhook


def finished(project, alice, django_capture_on_commit_callbacks, **kwargs):
    render = done_render(project, alice, title="Astronaut — Spring EN", **kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        render_finished(render_id=render.pk)
    return render


def test_a_ready_video_is_posted_signed_and_the_receiver_can_verify_it(
    project, alice, receiver, enqueued, django_capture_on_commit_callbacks
):
    webhook = make_webhook(project.team, f"{receiver.base_url}/hooks/in")
    render = finished(project, alice, django_capture_on_commit_callbacks)

    # Queued once the change is committed, then run as the worker runs it.
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert enqueued == [("projects.tasks.deliver_webhook", (delivery.pk,))]
    before = int(time.time())
    assert tasks.deliver_webhook(delivery.pk) == "delivered"

    [received] = receiver.received
    assert received.path == "/hooks/in"
    assert received.headers["content-type"] == "application/json"
    assert received.headers["x-avatarstudio-event"] == "render.done"
    assert received.headers["x-avatarstudio-delivery"] == str(delivery.code)
    assert before - 1 <= int(received.headers["x-avatarstudio-timestamp"]) <= time.time() + 1
    signature = received.headers["x-avatarstudio-signature"]
    assert signature == independent_signature(webhook.secret, received)
    # A body changed on the way no longer matches.
    tampered = type(received)(received.path, received.headers, received.body + b" ")
    assert signature != independent_signature(webhook.secret, tampered)

    body = body_of(received)
    assert body["event"] == "render.done"
    assert body["id"] and body["created"]
    assert body["team"] == {"code": str(project.team.code), "name": project.team.name}
    assert body["project"]["name"] == "Spring campaign"
    assert body["render"] == {
        "code": str(render.code),
        "title": "Astronaut — Spring EN",
        "version": 1,
        "url": f"{SITE}/renders/{render.code}/",
        "status": "done",
        "review_state": "pending",
    }
    assert body["text"] == "“Astronaut — Spring EN” in “Spring campaign” is ready."

    delivery.refresh_from_db()
    assert (delivery.state, delivery.response_code, delivery.attempts) == (
        DeliveryState.DELIVERED,
        200,
        1,
    )
    assert delivery.delivered_at is not None and delivery.last_error == ""
    # Delivered once: the same task again sends nothing.
    assert tasks.deliver_webhook(delivery.pk) == "not-due"
    assert len(receiver.received) == 1


def test_a_slack_address_gets_slacks_message_linking_the_video_by_title(
    project, alice, receiver, dns, enqueued, django_capture_on_commit_callbacks
):
    dns.add("hooks.slack.com", "127.0.0.1")
    url = f"http://hooks.slack.com:{receiver.port}/services/T000/B000/XXXX"
    make_webhook(project.team, url, events=[WebhookEvent.RENDER_DONE])
    render = finished(project, alice, django_capture_on_commit_callbacks)
    tasks.deliver_webhook(WebhookDelivery.objects.get().pk)

    body = body_of(receiver.received[0])
    assert set(body) == {"text", "blocks"}
    assert body["text"] == "“Astronaut — Spring EN” in “Spring campaign” is ready."
    section, context = body["blocks"]
    assert section["type"] == "section" and section["text"]["type"] == "mrkdwn"
    link = f"<{SITE}/renders/{render.code}/|Astronaut — Spring EN>"
    assert context["elements"][0]["text"].startswith(link)


def test_slack_text_escapes_its_control_characters(
    project, alice, receiver, dns, enqueued, django_capture_on_commit_callbacks
):
    dns.add("hooks.slack.com", "127.0.0.1")
    make_webhook(project.team, f"http://hooks.slack.com:{receiver.port}/services/T/B/X")
    done = done_render(project, alice, title="Q&A <live>")
    with django_capture_on_commit_callbacks(execute=True):
        render_finished(render_id=done.pk)
    tasks.deliver_webhook(WebhookDelivery.objects.get().pk)

    section = body_of(receiver.received[0])["blocks"][0]["text"]["text"]
    assert "“Q&amp;A &lt;live&gt;”" in section


def test_a_teams_workflow_address_gets_an_adaptive_card(
    project, alice, receiver, dns, enqueued, django_capture_on_commit_callbacks
):
    host = "prod-12.westeurope.logic.azure.com"
    dns.add(host, "127.0.0.1")
    make_webhook(project.team, f"http://{host}:{receiver.port}/workflows/abc/triggers/manual")
    render = finished(project, alice, django_capture_on_commit_callbacks)
    tasks.deliver_webhook(WebhookDelivery.objects.get().pk)

    body = body_of(receiver.received[0])
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"][0] == {
        "type": "TextBlock",
        "text": "“Astronaut — Spring EN” in “Spring campaign” is ready.",
        "wrap": True,
    }
    assert card["actions"] == [
        {
            "type": "Action.OpenUrl",
            "title": "Open “Astronaut — Spring EN”",
            "url": f"{SITE}/renders/{render.code}/",
        }
    ]


def test_a_failed_video_says_why(
    project, alice, receiver, enqueued, django_capture_on_commit_callbacks
):
    make_webhook(project.team, f"{receiver.base_url}/in", events=[WebhookEvent.RENDER_FAILED])
    failed = done_render(project, alice, title="Robot")
    type(failed).objects.filter(pk=failed.pk).update(
        status="failed", failure_reason="Kling refused the portrait."
    )
    with django_capture_on_commit_callbacks(execute=True):
        render_finished(render_id=failed.pk)
    tasks.deliver_webhook(WebhookDelivery.objects.get().pk)

    body = body_of(receiver.received[0])
    assert body["event"] == "render.failed"
    assert body["failure"] == {"reason": "Kling refused the portrait."}
    assert body["text"] == (
        "“Robot” in “Spring campaign” could not be made: Kling refused the portrait."
    )


def test_the_documented_check_accepts_a_real_delivery_and_refuses_a_forged_one(
    team, receiver, enqueued
):
    """The verification snippet of docs/webhooks.md, run as a receiver would."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
    snippet = re.search(r"```python\n(.*?)```", docs.read_text(), re.S).group(1)
    namespace = {}
    exec(snippet, namespace)  # noqa: S102
    verify = namespace["verify"]

    webhook = make_webhook(team, f"{receiver.base_url}/in")
    tasks.deliver_webhook(send_test(webhook).pk)
    [received] = receiver.received
    headers = {
        "X-AvatarStudio-Timestamp": received.headers["x-avatarstudio-timestamp"],
        "X-AvatarStudio-Signature": received.headers["x-avatarstudio-signature"],
    }

    assert verify(webhook.secret, headers, received.body)
    assert not verify(webhook.secret, headers, received.body.replace(b"test", b"tost"))
    assert not verify("whsec_someone-else", headers, received.body)
    old = {**headers, "X-AvatarStudio-Timestamp": str(int(time.time()) - 3600)}
    assert not verify(webhook.secret, old, received.body)
