from django.urls import include, path

from projects.views import accounts, assets, notices, projects, renders, teams

urlpatterns = [
    path("", include("projects.urls_sharing")),
    path("", include("projects.urls_reviews")),
    path("signup/", accounts.signup, name="signup"),
    path("", projects.project_list, name="project_list"),
    path(
        "teams/<uuid:team_code>/projects/new/", projects.project_create_view, name="project_create"
    ),
    path("projects/<uuid:code>/", projects.project_detail, name="project_detail"),
    path("projects/<uuid:code>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<uuid:code>/archive/", projects.project_archive, name="project_archive"),
    path("projects/<uuid:code>/upload/", assets.asset_upload_view, name="asset_upload"),
    path("projects/<uuid:code>/renders/new/", renders.render_create_view, name="render_create"),
    path("projects/<uuid:code>/renders.json", renders.render_status_json, name="render_status"),
    path("assets/<uuid:code>/file/", assets.asset_file, name="asset_file"),
    path("assets/<uuid:code>/delete/", assets.asset_delete, name="asset_delete"),
    path("renders/<uuid:code>/", renders.render_detail, name="render_detail"),
    path("renders/<uuid:code>/cancel/", renders.render_cancel_view, name="render_cancel"),
    path("renders/<uuid:code>/retry/", renders.render_retry_view, name="render_retry"),
    path("renders/<uuid:code>/again/", renders.render_again_view, name="render_again"),
    path(
        "renders/<uuid:code>/<str:which>/",
        renders.render_media,
        name="render_media",
    ),
    path(
        "kling/callback/<uuid:code>/<str:token>/", renders.kling_callback, name="kling_callback"
    ),
    path("notices/read/", notices.notices_read, name="notices_read"),
    path("teams/", teams.team_list, name="team_list"),
    path("teams/<uuid:team_code>/switch/", teams.team_switch, name="team_switch"),
    path("teams/<uuid:team_code>/members/", teams.team_members, name="team_members"),
    path("teams/<uuid:team_code>/rename/", teams.team_rename, name="team_rename"),
    path(
        "teams/<uuid:team_code>/members/<uuid:member_code>/role/",
        teams.member_role,
        name="member_role",
    ),
    path(
        "teams/<uuid:team_code>/members/<uuid:member_code>/remove/",
        teams.member_remove,
        name="member_remove",
    ),
]
