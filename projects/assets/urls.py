"""Uploading portraits and voiceovers, serving them to the team, and the team's library."""

from django.urls import path

from projects.assets import library_views, views

urlpatterns = [
    path("projects/<uuid:code>/upload/", views.asset_upload_view, name="asset_upload"),
    path("assets/<uuid:code>/file/", views.asset_file, name="asset_file"),
    path("assets/<uuid:code>/delete/", views.asset_delete, name="asset_delete"),
    path("assets/<uuid:code>/edit/", library_views.asset_edit, name="asset_edit"),
    path("teams/<uuid:team_code>/library/", library_views.asset_library, name="asset_library"),
]
