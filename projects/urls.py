"""Every page of the product, gathered from the domain packages.

Order matters: ``renders/<code>/<which>/`` (a render's files) would swallow
``renders/<code>/review/`` and the other render sub-pages, so the renders
package comes last."""

from django.urls import include, path

urlpatterns = [
    path("", include("projects.teams.urls")),
    path("", include("projects.notices.urls")),
    path("", include("projects.gallery.urls")),
    path("", include("projects.grid.urls")),
    path("", include("projects.imports.urls")),
    path("", include("projects.starter.urls")),
    path("", include("projects.assets.urls")),
    path("", include("projects.consent.urls")),
    path("", include("projects.reviews.urls")),
    path("", include("projects.captions.urls")),
    path("", include("projects.exports.urls")),
    path("", include("projects.sharing.urls")),
    path("", include("projects.usage.urls")),
    path("", include("projects.webhooks.urls")),
    path("", include("projects.audit.urls")),
    path("", include("projects.renders.urls")),
]
