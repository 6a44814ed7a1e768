"""Downloads with captions or the label burned in (before the renders'
``renders/<code>/<which>/``, which would swallow them)."""

from django.urls import path

from projects.exports import views

urlpatterns = [
    path("renders/<uuid:code>/exports/", views.render_export_create, name="render_export_create"),
    path("renders/<uuid:code>/exports.json", views.render_exports_json, name="render_exports"),
    path(
        "renders/<uuid:code>/exports/<uuid:export_code>/",
        views.render_export_download,
        name="render_export_download",
    ),
    path(
        "renders/<uuid:code>/exports/<uuid:export_code>/retry/",
        views.render_export_retry,
        name="render_export_retry",
    ),
]
