"""Reviews, comments, versions and usage."""

from django.urls import path

from projects.views import reviews, usage

urlpatterns = [
    path("renders/<uuid:code>/review/", reviews.render_review, name="render_review"),
    path("renders/<uuid:code>/comments/", reviews.render_comment, name="render_comment"),
    path("renders/<uuid:code>/compare/", reviews.render_compare_pick, name="render_compare_pick"),
    path(
        "renders/<uuid:code>/compare/<uuid:other_code>/",
        reviews.render_compare,
        name="render_compare",
    ),
    path("teams/<uuid:team_code>/usage/", usage.team_usage_view, name="team_usage"),
    path("projects/<uuid:code>/usage/", usage.project_usage_view, name="project_usage"),
]
