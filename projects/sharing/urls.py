"""Share links: owners make and revoke them; anyone holding one watches."""

from django.urls import path

from projects.sharing import feedback_views, views

urlpatterns = [
    path("projects/<uuid:code>/shares/new/", views.share_create, name="share_create"),
    path("shares/<uuid:code>/revoke/", views.share_revoke, name="share_revoke"),
    # What people holding a share link see: no account needed.
    path("s/<str:token>/", views.share_page, name="share_page"),
    # Clients answering, when the link allows it.
    path("s/<str:token>/reviewer/", feedback_views.share_reviewer, name="share_reviewer"),
    path(
        "s/<str:token>/videos/<uuid:render_code>/comment/",
        feedback_views.share_comment,
        name="share_comment",
    ),
    path(
        "s/<str:token>/videos/<uuid:render_code>/review/",
        feedback_views.share_review,
        name="share_review",
    ),
    path(
        "s/<str:token>/renders/<uuid:render_code>/<str:which>/",
        views.share_media,
        name="share_media",
    ),
]
