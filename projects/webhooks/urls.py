"""A team's webhooks (owners only)."""

from django.urls import path

from projects.webhooks import views

WEBHOOK = "teams/<uuid:team_code>/webhooks/<uuid:code>/"

urlpatterns = [
    path("teams/<uuid:team_code>/webhooks/", views.team_webhooks, name="team_webhooks"),
    path(WEBHOOK, views.webhook_detail, name="webhook_detail"),
    path(f"{WEBHOOK}test/", views.webhook_test, name="webhook_test"),
    path(f"{WEBHOOK}enabled/", views.webhook_toggle, name="webhook_toggle"),
    path(f"{WEBHOOK}delete/", views.webhook_delete, name="webhook_delete"),
    path(
        f"{WEBHOOK}deliveries/<uuid:delivery_code>/redeliver/",
        views.webhook_redeliver,
        name="webhook_redeliver",
    ),
]
