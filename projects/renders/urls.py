"""Making videos, following them, and Kling's callback."""

from django.urls import path

from projects.renders import views

urlpatterns = [
    path("projects/<uuid:code>/renders/new/", views.render_create_view, name="render_create"),
    path("projects/<uuid:code>/renders.json", views.render_status_json, name="render_status"),
    path("renders/<uuid:code>/", views.render_detail, name="render_detail"),
    path("renders/<uuid:code>/rename/", views.render_rename_view, name="render_rename"),
    path("renders/<uuid:code>/cancel/", views.render_cancel_view, name="render_cancel"),
    path("renders/<uuid:code>/retry/", views.render_retry_view, name="render_retry"),
    path("renders/<uuid:code>/release/", views.render_release_view, name="render_release"),
    path("renders/<uuid:code>/again/", views.render_again_view, name="render_again"),
    path("renders/<uuid:code>/<str:which>/", views.render_media, name="render_media"),
    path("kling/callback/<uuid:code>/<str:token>/", views.kling_callback, name="kling_callback"),
]
