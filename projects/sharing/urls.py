"""Share links: owners make and revoke them; anyone holding one watches."""

from django.urls import path

from projects.sharing import embed_views, views

urlpatterns = [
    path("projects/<uuid:code>/shares/new/", views.share_create, name="share_create"),
    path("shares/<uuid:code>/revoke/", views.share_revoke, name="share_revoke"),
    path(
        "shares/<uuid:code>/embed-sites/", embed_views.share_embed_sites, name="share_embed_sites"
    ),
    # What people holding a share link see: no account needed.
    path("s/<str:token>/", views.share_page, name="share_page"),
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
]
