"""Reviews, comments and versions side by side."""

from django.urls import path

from projects.reviews import views

urlpatterns = [
    path("renders/<uuid:code>/review/", views.render_review, name="render_review"),
    path("renders/<uuid:code>/comments/", views.render_comment, name="render_comment"),
    path(
        "renders/<uuid:code>/conversation/",
        views.render_conversation,
        name="render_conversation",
    ),
    path("renders/<uuid:code>/compare/", views.render_compare_pick, name="render_compare_pick"),
    path(
        "renders/<uuid:code>/compare/<uuid:other_code>/",
        views.render_compare,
        name="render_compare",
    ),
]
