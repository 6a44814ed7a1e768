"""Share links and team invitations."""

from django.urls import path

from projects.views import invites, sharing

urlpatterns = [
    # Owners manage share links.
    path("projects/<uuid:code>/shares/new/", sharing.share_create, name="share_create"),
    path("shares/<uuid:code>/revoke/", sharing.share_revoke, name="share_revoke"),
    # What people holding a share link see: no account needed.
    path("s/<str:token>/", sharing.share_page, name="share_page"),
    path(
        "s/<str:token>/renders/<uuid:render_code>/<str:which>/",
        sharing.share_media,
        name="share_media",
    ),
    # Team invitations.
    path("teams/<uuid:team_code>/invites/new/", invites.invite_create_view, name="invite_create"),
    path(
        "teams/<uuid:team_code>/invites/<uuid:code>/revoke/",
        invites.invite_revoke_view,
        name="invite_revoke",
    ),
    path("invites/<str:token>/", invites.invite_accept_view, name="invite_accept"),
]
