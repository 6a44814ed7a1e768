from django.urls import path

from projects.views import accounts, projects, teams

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("", projects.project_list, name="project_list"),
    path(
        "teams/<uuid:team_code>/projects/new/", projects.project_create_view, name="project_create"
    ),
    path("projects/<uuid:code>/", projects.project_detail, name="project_detail"),
    path("projects/<uuid:code>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<uuid:code>/archive/", projects.project_archive, name="project_archive"),
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
