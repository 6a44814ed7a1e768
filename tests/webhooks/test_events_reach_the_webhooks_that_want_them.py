"""Where events come from: a video done or failed (renders/notify.py), the
team's review (reviews/services.py), a client's comment or review through a
share link (sharing/feedback.py), a video held by a monthly budget
(renders/holds.py). Each makes one delivery per enabled webhook of the team
subscribed to it, queued once the change commits; nobody else's."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from projects.models import Budget, LinkVisitor, WebhookDelivery, WebhookEvent
from projects.renders.holds import claim_within_budget
from projects.renders.notify import render_finished
from projects.renders.services import render_create
from projects.reviews.services import render_approve, render_request_changes
from projects.sharing.feedback import client_comment, client_review
from projects.sharing.services import sharelink_create
from tests.factories import portrait_asset, voiceover_asset
from tests.sharing.conftest import done_render
from tests.webhooks.conftest import make_webhook

E = WebhookEvent
URL = "https://hooks.example.com/in"


def events_sent():
    return sorted(WebhookDelivery.objects.values_list("webhook__name", "event"))


@pytest.fixture
def render(project, alice):
    return done_render(project, alice, title="Astronaut")


def test_only_enabled_webhooks_of_the_team_that_chose_the_event_get_it(
    project, alice, charlie, render, enqueued, django_capture_on_commit_callbacks
):
    make_webhook(project.team, URL, name="wants it", events=[E.RENDER_DONE])
    make_webhook(project.team, URL, name="reviews only", events=[E.REVIEW_CHANGED])
    make_webhook(project.team, URL, name="off", events=[E.RENDER_DONE], enabled=False)
    make_webhook(charlie.memberships.get().team, URL, name="other team", events=[E.RENDER_DONE])

    with django_capture_on_commit_callbacks(execute=True):
        render_finished(render_id=render.pk)

    assert events_sent() == [("wants it", "render.done")]
    [delivery] = WebhookDelivery.objects.all()
    assert enqueued == [("projects.tasks.deliver_webhook", (delivery.pk,))]


def test_a_team_review_is_announced_with_who_and_why(project, alice, render, enqueued):
    make_webhook(project.team, URL, events=[E.REVIEW_CHANGED, E.CLIENT_FEEDBACK])

    render_request_changes(render=render, reviewed_by=alice, body="Slower, please.")
    render_approve(render=render, reviewed_by=alice)

    changes, approval = WebhookDelivery.objects.order_by("pk")
    assert [changes.event, approval.event] == ["review.changed", "review.changed"]
    assert changes.payload["text"] == (
        "Alice asked for changes to “Astronaut” in “Spring campaign”: “Slower, please.”"
    )
    assert changes.payload["comment"]["by"] == "Alice"
    assert changes.payload["comment"]["by_client"] is False
    assert changes.payload["render"]["review_state"] == "changes"
    assert approval.payload["text"] == "Alice approved “Astronaut” in “Spring campaign”."


def test_nothing_is_announced_when_the_review_is_refused(project, alice, enqueued):
    make_webhook(project.team, URL, events=[E.REVIEW_CHANGED])
    unfinished = done_render(project, alice)
    type(unfinished).objects.filter(pk=unfinished.pk).update(status="processing")
    unfinished.refresh_from_db()
    with pytest.raises(ValidationError):
        render_approve(render=unfinished, reviewed_by=alice)
    assert not WebhookDelivery.objects.exists()


def test_a_clients_comment_and_review_through_a_link(project, alice, render, enqueued):
    link, _ = sharelink_create(
        project=project, created_by=alice, label="For ACME", renders=[render], allow_feedback=True
    )
    anna = LinkVisitor.objects.create(link=link, name="Anna Client", email="anna@client.example")
    make_webhook(project.team, URL, name="feedback", events=[E.CLIENT_FEEDBACK])
    make_webhook(project.team, URL, name="reviews", events=[E.REVIEW_CHANGED])

    client_comment(link=link, visitor=anna, render=render, body="Love it", at_seconds=2.0)
    client_review(link=link, visitor=anna, render=render, decision="approve")

    assert events_sent() == [
        ("feedback", "client.feedback"),
        ("feedback", "client.feedback"),
        ("reviews", "review.changed"),
    ]
    comment, approval = WebhookDelivery.objects.filter(event="client.feedback").order_by("pk")
    assert comment.payload["text"] == (
        "Anna Client (client) commented on “Astronaut” in “Spring campaign” at 0:02 "
        "via the link “For ACME”: “Love it”"
    )
    assert comment.payload["comment"]["by_client"] is True
    assert comment.payload["comment"]["link"] == "For ACME"
    assert approval.payload["text"] == (
        "Anna Client (client) approved “Astronaut” in “Spring campaign” via the link “For ACME”."
    )
    # A client is named, never their e-mail address.
    for delivery in WebhookDelivery.objects.all():
        assert "anna@client.example" not in str(delivery.payload)


def test_a_video_held_by_a_budget_is_announced(project, alice, team, enqueued):
    make_webhook(team, URL, events=[E.BUDGET_REACHED])
    Budget.objects.create(team=team, monthly_units=1)
    held = render_create(
        project=project,
        created_by=alice,
        portrait=portrait_asset(team, project=project),
        voiceover=voiceover_asset(team, project=project, seconds=3.0),
    )

    assert claim_within_budget(held.pk, timezone.now()) == (None, "held")

    [delivery] = WebhookDelivery.objects.all()
    assert delivery.event == "budget.reached"
    assert delivery.payload["budget"] == {"scope": "team", "monthly_units": 1}
    assert delivery.payload["render"]["status"] == "held"
    assert delivery.payload["text"].endswith(
        "is waiting: the team’s monthly budget of 1 units is reached. An owner can send it "
        "anyway or raise the budget."
    )


def test_a_broken_webhook_never_breaks_the_change_it_is_about(
    project, alice, render, enqueued, monkeypatch
):
    make_webhook(project.team, URL, events=[E.REVIEW_CHANGED])

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("projects.webhooks.events.document", broken)
    render_approve(render=render, reviewed_by=alice)
    render.refresh_from_db()
    assert render.review_state == "approved"
    assert not WebhookDelivery.objects.exists()
