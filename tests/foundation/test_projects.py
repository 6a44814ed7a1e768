import pytest

from projects.models import Project
from projects.teams.roles import Role
from tests.conftest import login_as, set_role


def test_an_owner_creates_a_project_in_her_team(client, alice, team):
    login_as(client, alice)
    response = client.post(
        f"/teams/{team.code}/projects/new/", {"name": "Launch", "description": "Q3 launch"}
    )
    project = Project.objects.get(name="Launch")
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.code}/"
    assert project.team == team
    assert project.created_by == alice


def test_an_empty_project_tells_a_newcomer_what_to_do(client, alice, project):
    login_as(client, alice)
    response = client.get(f"/projects/{project.code}/")
    assert "Upload a portrait and a voiceover to make your first video" in response.content.decode()


def test_an_empty_team_invites_to_create_a_project(client, alice):
    login_as(client, alice)
    assert "Create your first project" in client.get("/").content.decode()


def test_an_editor_can_create_and_rename_projects(client, bob, team, project):
    login_as(client, bob, team)
    assert client.post(f"/teams/{team.code}/projects/new/", {"name": "B"}).status_code == 302
    response = client.post(
        f"/projects/{project.code}/edit/", {"name": "Renamed", "description": ""}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "Renamed"


def test_a_viewer_cannot_create_or_rename_projects(client, bob, team, project):
    set_role(bob, team, Role.VIEWER)
    login_as(client, bob, team)
    assert client.post(f"/teams/{team.code}/projects/new/", {"name": "B"}).status_code == 403
    response = client.post(f"/projects/{project.code}/edit/", {"name": "Renamed"})
    assert response.status_code == 403
    assert client.post(f"/projects/{project.code}/archive/").status_code == 403
    project.refresh_from_db()
    assert project.name == "Spring campaign"
    assert Project.objects.count() == 1


def test_a_viewer_sees_no_create_button(client, bob, team, project):
    set_role(bob, team, Role.VIEWER)
    login_as(client, bob, team)
    body = client.get("/").content.decode()
    assert "Spring campaign" in body
    assert "New project" not in body


def test_an_outsider_cannot_see_another_teams_projects(client, charlie, team, project):
    login_as(client, charlie)
    assert client.get(f"/projects/{project.code}/").status_code == 404
    assert client.get(f"/projects/{project.code}/edit/").status_code == 404
    assert client.post(f"/projects/{project.code}/archive/").status_code == 404
    assert client.post(f"/teams/{team.code}/projects/new/", {"name": "x"}).status_code == 404
    assert "Spring campaign" not in client.get("/").content.decode()


def test_a_bad_project_code_is_a_404(client, alice):
    login_as(client, alice)
    assert client.get("/projects/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/projects/not-a-uuid/").status_code == 404


def test_archiving_hides_a_project_and_restoring_brings_it_back(client, alice, project):
    login_as(client, alice)
    assert client.get(f"/projects/{project.code}/archive/").status_code == 405
    link = f'href="/projects/{project.code}/"'
    client.post(f"/projects/{project.code}/archive/")
    assert link not in client.get("/").content.decode()
    assert link in client.get("/?archived=1").content.decode()
    client.post(f"/projects/{project.code}/archive/", {"restore": "1"})
    assert link in client.get("/").content.decode()


@pytest.mark.parametrize("name", ["", "x" * 121])
def test_a_project_needs_a_sensible_name(client, alice, team, name):
    login_as(client, alice)
    response = client.post(f"/teams/{team.code}/projects/new/", {"name": name})
    assert response.status_code == 200
    assert not Project.objects.exists()
