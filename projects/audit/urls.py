"""A team's audit trail: the owners' page and its CSV."""

from django.urls import path

from projects.audit import views

urlpatterns = [
    path("teams/<uuid:team_code>/audit/", views.team_audit, name="team_audit"),
    path("teams/<uuid:team_code>/audit.csv", views.team_audit_csv, name="team_audit_csv"),
]
