"""A team's webhooks page, for its owners: the list and the form to add one
(the secret shown once, on the page that follows), each webhook's delivery
log with "Redeliver", "Send a test event", turning one on or off, deleting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from projects.models import DeliveryState, Webhook, WebhookDelivery, WebhookEvent
from projects.teams.access import get_membership, get_webhook
from projects.teams.roles import Action

from .addresses import host_of
from .disabling import audit_webhook, turn_off
from .events import redeliver, send_test
from .forms import WebhookForm
from .shapes import KIND_NAMES, kind_of

LOG_LENGTH = 50
TURN_ON_FIRST = "This webhook is off: turn it on first, then send again."


def _described(webhook: Webhook) -> Webhook:
    webhook.host = host_of(webhook.url)
    webhook.kind_name = KIND_NAMES[kind_of(webhook.url)]
    labels = dict(WebhookEvent.choices)
    webhook.event_labels = [labels.get(event, event) for event in webhook.events]
    last = getattr(webhook, "last_state", None)
    if last == DeliveryState.PENDING and webhook.last_attempts:
        webhook.last_state_label = "Trying again"
    else:
        webhook.last_state_label = DeliveryState(last).label if last else ""
    return webhook


def _with_last_delivery(webhooks):
    last = WebhookDelivery.objects.filter(webhook=OuterRef("pk")).order_by("-created", "-pk")
    return webhooks.annotate(
        last_state=Subquery(last.values("state")[:1]),
        last_created=Subquery(last.values("created")[:1]),
        last_code=Subquery(last.values("response_code")[:1]),
        last_attempts=Subquery(last.values("attempts")[:1]),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_webhooks(request, team_code):
    membership = get_membership(request.user, team_code, Action.MANAGE_WEBHOOKS)
    team = membership.team
    form = WebhookForm(request.POST if request.method == "POST" else None, team=team)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            webhook = Webhook.objects.create(
                team=team,
                name=form.cleaned_data["name"],
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                created_by=request.user,
            )
            audit_webhook(webhook, request.user, f"Made, for {', '.join(webhook.events)}")
        # The only time the secret is shown: this answer is not kept anywhere.
        response = render(
            request,
            "projects/webhook_created.html",
            {"team": team, "webhook": _described(webhook), "secret": webhook.secret},
        )
        response["Cache-Control"] = "no-store"
        return response
    webhooks = [_described(w) for w in _with_last_delivery(team.webhooks.all())]
    return render(
        request,
        "projects/webhooks.html",
        {"team": team, "form": form, "webhooks": webhooks},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def webhook_detail(request, team_code, code):
    webhook, _ = get_webhook(request.user, team_code, code)
    deliveries = webhook.deliveries.all()[:LOG_LENGTH]
    return render(
        request,
        "projects/webhook_detail.html",
        {
            "team": webhook.team,
            "webhook": _described(webhook),
            "deliveries": deliveries,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def webhook_test(request, team_code, code):
    webhook, _ = get_webhook(request.user, team_code, code)
    if not webhook.enabled:
        messages.error(request, TURN_ON_FIRST)
    else:
        send_test(webhook)
        messages.success(request, "A test event is on its way: it shows below in a moment.")
    return redirect("webhook_detail", team_code=webhook.team.code, code=webhook.code)


@login_required
@require_POST
def webhook_toggle(request, team_code, code):
    webhook, _ = get_webhook(request.user, team_code, code)
    turn_on = request.POST.get("enabled") == "on"
    if turn_on and not webhook.enabled:
        with transaction.atomic():
            Webhook.objects.filter(pk=webhook.pk).update(
                enabled=True,
                disabled_reason="",
                disabled_at=None,
                consecutive_failures=0,
                failing_since=None,
            )
            audit_webhook(webhook, request.user, "Off → on")
        messages.success(request, f"“{webhook.name}” is on: new events are sent to it.")
    elif not turn_on and webhook.enabled:
        turn_off(webhook, "Turned off by an owner.", timezone.now(), by=request.user)
        messages.success(request, f"“{webhook.name}” is off: nothing is sent to it.")
    return redirect("team_webhooks", team_code=webhook.team.code)


@login_required
@require_POST
def webhook_delete(request, team_code, code):
    webhook, _ = get_webhook(request.user, team_code, code)
    with transaction.atomic():
        audit_webhook(webhook, request.user, "Deleted")
        webhook.delete()
    messages.success(request, f"“{webhook.name}” is deleted: nothing more is sent to it.")
    return redirect("team_webhooks", team_code=webhook.team.code)


@login_required
@require_POST
def webhook_redeliver(request, team_code, code, delivery_code):
    webhook, _ = get_webhook(request.user, team_code, code)
    delivery = get_object_or_404(WebhookDelivery, webhook=webhook, code=delivery_code)
    if not webhook.enabled:
        messages.error(request, TURN_ON_FIRST)
    else:
        redeliver(delivery)
        messages.success(request, "Sent again: the new delivery shows at the top of the log.")
    return redirect("webhook_detail", team_code=webhook.team.code, code=webhook.code)
