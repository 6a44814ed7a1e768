"""A webhook that keeps failing turns itself off, and its team's owners are
told: a notice in the app and an e-mail each.

It turns off after ``WEBHOOK_DISABLE_AFTER_FAILURES`` failed attempts in a
row (10), or once it has failed for ``WEBHOOK_DISABLE_AFTER_HOURS`` (24)
without a single success in between. Its deliveries still waiting fail then,
saying why; an owner turns it on again on the webhooks page.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from projects.audit.log import audit
from projects.links import absolute_url
from projects.mail import send
from projects.models import (
    AuditKind,
    DeliveryState,
    Membership,
    Notice,
    User,
    Webhook,
    WebhookDelivery,
)
from projects.teams.names import one_line
from projects.teams.roles import Role

from .addresses import host_of

TURNED_OFF = "Not sent: the webhook was turned off."


def audit_webhook(webhook: Webhook, user, summary: str):
    """The trail names the webhook and its host, never its address's path or
    its secret (both may carry credentials)."""
    audit(
        webhook.team,
        AuditKind.WEBHOOK_CHANGED,
        user=user,
        target=f"“{webhook.name}” (webhook to {host_of(webhook.url)})",
        target_code=webhook.code,
        summary=summary,
    )


def failing_too_long(webhook: Webhook, now: datetime) -> bool:
    if webhook.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER_FAILURES:
        return True
    hours = timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_HOURS)
    return webhook.failing_since is not None and now - webhook.failing_since >= hours


def disable_if_failing(webhook_id: int, last_error: str, now: datetime) -> bool:
    webhook = Webhook.objects.select_related("team").get(pk=webhook_id)
    if not webhook.enabled or not failing_too_long(webhook, now):
        return False
    count = webhook.consecutive_failures
    reason = (
        f"Turned off by itself on {now:%d %b %Y at %H:%M} UTC after {count} failed attempts "
        f"in a row. The last one: {last_error}"
    )[:300]
    if not turn_off(webhook, reason, now):
        return False
    tell_owners(webhook, count, last_error)
    return True


@transaction.atomic
def turn_off(webhook: Webhook, reason: str, now: datetime, *, by: User | None = None) -> bool:
    """Enabled → disabled (once, however many workers fail at the same time);
    its waiting deliveries fail with ``TURNED_OFF``."""
    if not Webhook.objects.filter(pk=webhook.pk, enabled=True).update(
        enabled=False, disabled_reason=reason, disabled_at=now
    ):
        return False
    WebhookDelivery.objects.filter(webhook=webhook, state=DeliveryState.PENDING).update(
        state=DeliveryState.FAILED, next_attempt_at=None, last_error=TURNED_OFF
    )
    audit_webhook(webhook, by, "On → off" if by else "On → off, by itself: it kept failing")
    return True


def tell_owners(webhook: Webhook, count: int, last_error: str) -> None:
    team = webhook.team
    name, host = one_line(webhook.name), host_of(webhook.url)
    message = (
        f"The webhook “{name}” of {one_line(team.name)} (to {host}) was turned off: "
        f"its last {count} attempts failed. Fix the receiver, then turn it on again."
    )
    owners = [
        m.user
        for m in Membership.objects.filter(team=team, role=Role.OWNER).select_related("user")
        if m.user.is_active
    ]
    Notice.objects.bulk_create(Notice(user=owner, message=message[:300]) for owner in owners)
    page = absolute_url(reverse("team_webhooks", args=[team.code]))
    body = "\n\n".join(
        [
            message,
            f"The last attempt: {last_error}",
            "Events are not sent to it until an owner turns it on again; nothing is "
            "sent for the events in between.",
            f"The team's webhooks: {page}",
            "Avatar Studio",
        ]
    )
    for owner in owners:
        if owner.email:
            # Logged and left: the notice in the app is there.
            send(subject=f"Webhook “{name}” turned off", body=body, to=owner.email)
