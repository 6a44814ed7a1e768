"""A team's projects, and each project's page with its gallery."""

from django.urls import path

from projects.gallery import approved, views

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("teams/<uuid:team_code>/projects/new/", views.project_create_view, name="project_create"),
    path("teams/<uuid:team_code>/search/", views.team_search, name="team_search"),
    path("projects/<uuid:code>/", views.project_detail, name="project_detail"),
    path("projects/<uuid:code>/edit/", views.project_edit, name="project_edit"),
    path("projects/<uuid:code>/archive/", views.project_archive, name="project_archive"),
    path(
        "projects/<uuid:code>/approved.zip",
        approved.project_download_approved,
        name="project_download_approved",
    ),
]
