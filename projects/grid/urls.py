"""A project's campaign grid: every portrait × voice pair and where it stands."""

from django.urls import path

from projects.grid import views

urlpatterns = [
    path("projects/<uuid:code>/grid/", views.grid_page, name="project_grid"),
    path("projects/<uuid:code>/grid/make/", views.grid_make, name="project_grid_make"),
]
