"""Share links: owners make and revoke them; anyone holding one watches."""

from django.urls import path

from projects.sharing import beacon_views, password_views, views

urlpatterns = [
    path("projects/<uuid:code>/shares/new/", views.share_create, name="share_create"),
    path("shares/<uuid:code>/revoke/", views.share_revoke, name="share_revoke"),
    path("shares/<uuid:code>/password/", password_views.share_password, name="share_password"),
    # What people holding a share link see: no account needed.
    path("s/<str:token>/", views.share_page, name="share_page"),
    path(
        "s/<str:token>/renders/<uuid:render_code>/<str:which>/",
        views.share_media,
        name="share_media",
    ),
    path("s/<str:token>/password/", password_views.share_unlock, name="share_unlock"),
    path("s/<str:token>/beacon/", beacon_views.share_beacon, name="share_beacon"),
]
