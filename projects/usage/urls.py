"""What a team and a project used, over a period."""

from django.urls import path

from projects.usage import views

urlpatterns = [
    path("teams/<uuid:team_code>/usage/", views.team_usage_view, name="team_usage"),
    path("projects/<uuid:code>/usage/", views.project_usage_view, name="project_usage"),
]
