"""A portrait's consent: recording it, its document, withdrawing it."""

from django.urls import path

from projects.consent import views

urlpatterns = [
    path("assets/<uuid:code>/consent/", views.portrait_consent, name="portrait_consent"),
    path(
        "assets/<uuid:code>/consent/withdraw/",
        views.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(
        "assets/<uuid:code>/consent/document/",
        views.consent_document,
        name="consent_document",
    ),
]
