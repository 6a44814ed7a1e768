"""Notices, teams, members, a team's security and invitations. Accounts are
allauth's: ``avatarstudio/urls.py``."""

from django.urls import path

from projects.teams import account_views, invite_views, security_views, views

urlpatterns = [
    path("notices/read/", account_views.notices_read, name="notices_read"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/<uuid:team_code>/switch/", views.team_switch, name="team_switch"),
    path("teams/<uuid:team_code>/members/", views.team_members, name="team_members"),
    path("teams/<uuid:team_code>/rename/", views.team_rename, name="team_rename"),
    path("teams/<uuid:team_code>/leave/", views.team_leave, name="team_leave"),
    path("teams/<uuid:team_code>/security/", security_views.team_security, name="team_security"),
    path(
        "teams/<uuid:team_code>/members/<uuid:member_code>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "teams/<uuid:team_code>/members/<uuid:member_code>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "teams/<uuid:team_code>/invites/new/",
        invite_views.invite_create_view,
        name="invite_create",
    ),
    path(
        "teams/<uuid:team_code>/invites/<uuid:code>/revoke/",
        invite_views.invite_revoke_view,
        name="invite_revoke",
    ),
    path("invites/<str:token>/", invite_views.invite_accept_view, name="invite_accept"),
]
