"""Importing a sheet of renders (a CSV naming library uploads) into a project."""

from django.urls import path

from projects.imports import views

urlpatterns = [
    path("projects/<uuid:code>/import/", views.import_page, name="project_import"),
    path("projects/<uuid:code>/import/queue/", views.import_queue, name="project_import_queue"),
]
