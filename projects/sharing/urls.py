"""Share links: owners make and revoke them; anyone holding one watches."""

from django.urls import path

from projects.sharing import (
    beacon_views,
    embed_views,
    feedback_views,
    password_views,
    room_views,
    views,
)

urlpatterns = [
    path("projects/<uuid:code>/shares/new/", views.share_create, name="share_create"),
    path("shares/<uuid:code>/revoke/", views.share_revoke, name="share_revoke"),
    # The team's side of links: a project's links, and each link's page.
    path("projects/<uuid:code>/shares/", room_views.project_shares, name="project_shares"),
    path("shares/<uuid:code>/", room_views.share_detail, name="share_detail"),
    path("shares/<uuid:code>/settings/", room_views.share_update, name="share_update"),
    path("shares/<uuid:code>/videos/", room_views.share_videos_add, name="share_videos_add"),
    path(
        "shares/<uuid:code>/videos/<uuid:render_code>/remove/",
        room_views.share_video_remove,
        name="share_video_remove",
    ),
    path(
        "shares/<uuid:code>/videos/<uuid:render_code>/move/",
        room_views.share_video_move,
        name="share_video_move",
    ),
    path("shares/<uuid:code>/password/", password_views.share_password, name="share_password"),
    path(
        "shares/<uuid:code>/embed-sites/", embed_views.share_embed_sites, name="share_embed_sites"
    ),
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
        "s/<str:token>/embed/<uuid:render_code>/",
        views.share_embed,
        name="share_embed",
    ),
    path("s/<str:token>/videos.zip", views.share_download_all, name="share_download_all"),
    path(
        "s/<str:token>/renders/<uuid:render_code>/<str:which>/",
        views.share_media,
        name="share_media",
    ),
    path("s/<str:token>/password/", password_views.share_unlock, name="share_unlock"),
    path("s/<str:token>/beacon/", beacon_views.share_beacon, name="share_beacon"),
]
