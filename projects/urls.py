"""Every page of the product, gathered from the domain packages."""

from django.urls import include, path

urlpatterns = [
    path("", include("projects.teams.urls")),
    path("", include("projects.gallery.urls")),
    path("", include("projects.assets.urls")),
    path("", include("projects.renders.urls")),
    path("", include("projects.reviews.urls")),
    path("", include("projects.sharing.urls")),
    path("", include("projects.usage.urls")),
]
