"""Every page renders for the roles allowed to see it; anonymous people are
sent to log in."""

import pytest

from projects.teams.roles import Role
from tests.conftest import login_as, set_role


def pages(team, project):
    return [
        "/",
        "/?archived=1",
        "/teams/",
        f"/teams/{team.code}/members/",
        f"/projects/{project.code}/",
    ]


def editor_pages(team, project):
    return [f"/teams/{team.code}/projects/new/", f"/projects/{project.code}/edit/"]


@pytest.mark.parametrize("role", [Role.OWNER, Role.EDITOR, Role.VIEWER])
def test_every_page_renders_for_each_role(client, bob, team, project, role):
    set_role(bob, team, role)
    login_as(client, bob, team)
    for url in pages(team, project):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<main" in response.content
    for url in editor_pages(team, project):
        expected = 403 if role == Role.VIEWER else 200
        assert client.get(url).status_code == expected, url


def test_anonymous_people_are_sent_to_log_in(client, team, project):
    urls = pages(team, project) + editor_pages(team, project)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/confirm-email/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
    ],
)
def test_public_pages_render(client, db, url):
    assert client.get(url).status_code == 200


def test_static_files_are_served_from_the_app_not_a_cdn(client, alice):
    login_as(client, alice)
    body = client.get("/").content.decode()
    assert "/static/css/app.css" in body
    assert "cdn" not in body.lower() and "https://" not in body


def test_the_admin_lists_every_model(admin_client):
    for model in [
        "user",
        "team",
        "membership",
        "project",
        "asset",
        "render",
        "renderbatch",
        "comment",
        "sharelink",
        "invite",
        "notice",
        "providerpause",
        "lease",
        "providerslots",
        "portraitconsent",
        "videoexport",
    ]:
        assert admin_client.get(f"/admin/projects/{model}/").status_code == 200
