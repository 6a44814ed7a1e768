"""A team's outgoing webhooks and each message sent to one.

A webhook's secret signs every delivery (``projects/webhooks/signing.py``).
It is stored in clear because signing needs it: a hash could not sign. It is
shown to the owner once, when the webhook is made, and never again, never
logged, and never part of a page, an error or the admin. The URL is kept
whole (a Slack or Teams address is itself a secret) and shown by its host.
"""

import secrets
import uuid

from django.db import models
from django.utils import timezone

from projects.teams.names import refuse_control_characters

from .teams import Team, User

SECRET_PREFIX = "whsec_"


def new_webhook_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class WebhookEvent(models.TextChoices):
    RENDER_DONE = "render.done", "A video is ready"
    RENDER_FAILED = "render.failed", "A video could not be made"
    REVIEW_CHANGED = "review.changed", "A video is approved or sent back (by the team or a client)"
    CLIENT_FEEDBACK = "client.feedback", "A client comments, approves or asks for changes"
    BUDGET_REACHED = "budget.reached", "A video waits because a monthly budget is reached"
    # Sent by the "Send a test event" button only; nobody subscribes to it.
    TEST = "test", "Test event"


SUBSCRIBABLE = [event for event in WebhookEvent if event != WebhookEvent.TEST]


class Webhook(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, models.CASCADE, related_name="webhooks")
    name = models.CharField(max_length=100, validators=[refuse_control_characters])
    url = models.CharField(max_length=2000)
    events = models.JSONField(default=list, help_text="WebhookEvent values.")
    # In clear: signing needs it (see the module's docstring). Never shown again.
    secret = models.CharField(max_length=80, default=new_webhook_secret, editable=False)
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    # Failed attempts in a row, and since when; both reset by a success.
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def __repr__(self):
        # Never the secret, never the URL's path (Slack's is a secret).
        return f"<Webhook {self.pk} {self.name!r}>"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event for one webhook: the generic document in ``payload`` (Slack
    and Teams get it reworded when it is sent), and how sending went."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(Webhook, models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField()
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    response_code = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    # Plain words for the owner: what happened, never a secret or a trace.
    last_error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            # The worker's sweep: what is due.
            models.Index(fields=["state", "next_attempt_at"], name="webhook_delivery_due_idx"),
        ]

    def __str__(self):
        return f"{self.event} to {self.webhook_id} ({self.state})"
