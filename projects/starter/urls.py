"""Trying the product in an empty project with the bundled samples."""

from django.urls import path

from projects.starter import views

urlpatterns = [
    path("projects/<uuid:code>/try/", views.try_sample, name="project_try"),
]
