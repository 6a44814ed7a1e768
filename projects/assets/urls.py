"""Uploading portraits and voiceovers, and serving them to the team."""

from django.urls import path

from projects.assets import views

urlpatterns = [
    path("projects/<uuid:code>/upload/", views.asset_upload_view, name="asset_upload"),
    path("assets/<uuid:code>/file/", views.asset_file, name="asset_file"),
    path("assets/<uuid:code>/delete/", views.asset_delete, name="asset_delete"),
]
