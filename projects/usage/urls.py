"""What a team and a project used over a period, and their monthly budgets."""

from django.urls import path

from projects.usage import budget_views, views

urlpatterns = [
    path("teams/<uuid:team_code>/usage/", views.team_usage_view, name="team_usage"),
    path("projects/<uuid:code>/usage/", views.project_usage_view, name="project_usage"),
    path("teams/<uuid:team_code>/budget/", budget_views.team_budget, name="team_budget"),
    path("projects/<uuid:code>/budget/", budget_views.project_budget, name="project_budget"),
]
