"""A team's, a project's or a person's name is one line: a line break, a tab
or another control character in one is refused next to the field, and
nothing changes (issue #12)."""

import pytest
from django.core.exceptions import ValidationError

from projects.models import Project, Team, User
from projects.teams.names import NAME_ON_ONE_LINE, refuse_control_characters
from tests.conftest import login_as

BROKEN = [
    "Acme\nInc",
    "Acme\r\nBcc: eve@example.org",
    "Acme\tInc",
    "Acme\x00",
    "A\x85B",
    "A\u2028B",
]
FINE = ["Acme Inc", "Café — Spring '26", "Équipe 🚀", "👩\u200d💻 Team", "ACME (EU)"]


@pytest.mark.parametrize("name", BROKEN)
def test_the_validator_refuses_control_characters(name):
    with pytest.raises(ValidationError) as refused:
        refuse_control_characters(name)
    assert refused.value.messages == [NAME_ON_ONE_LINE]


@pytest.mark.parametrize("name", FINE)
def test_the_validator_lets_ordinary_names_through(name):
    refuse_control_characters(name)


def _field_error(response):
    body = response.content.decode()
    assert 'class="field__error"' in body
    return body


def test_a_new_team_with_a_line_break_is_refused_next_to_the_field(client, alice):
    login_as(client, alice)
    response = client.post("/teams/", {"name": "Acme\nInc"})
    assert "A name must fit on one line" in _field_error(response)
    assert not Team.objects.filter(name__startswith="Acme").exists()


def test_renaming_a_team_with_a_line_break_is_refused_next_to_the_field(client, alice, team):
    login_as(client, alice, team)
    response = client.post(f"/teams/{team.code}/rename/", {"name": "Acme\r\nInc"})
    assert response.status_code == 400
    assert "A name must fit on one line" in _field_error(response)
    team.refresh_from_db()
    assert team.name == "Alice's team"


def test_a_rename_that_is_too_long_explains_next_to_the_field(client, alice, team):
    login_as(client, alice, team)
    response = client.post(f"/teams/{team.code}/rename/", {"name": "x" * 101})
    assert response.status_code == 400
    assert "at most 100 characters" in _field_error(response)
    team.refresh_from_db()
    assert team.name == "Alice's team"


def test_a_project_name_with_a_line_break_is_refused_next_to_the_field(client, alice, team):
    login_as(client, alice, team)
    response = client.post(
        f"/teams/{team.code}/projects/new/", {"name": "Spring\ncampaign", "description": ""}
    )
    assert "A name must fit on one line" in _field_error(response)
    assert not Project.objects.exists()


def test_renaming_a_project_with_a_control_character_changes_nothing(client, alice, project):
    login_as(client, alice)
    response = client.post(
        f"/projects/{project.code}/edit/", {"name": "Spring\x1bcampaign", "description": ""}
    )
    assert "A name must fit on one line" in _field_error(response)
    project.refresh_from_db()
    assert project.name == "Spring campaign"


def test_the_model_fields_refuse_them_too_so_the_admin_does(alice, team):
    for obj, field in [
        (Team(name="Acme\nInc"), "name"),
        (Project(team=team, name="Spring\ncampaign"), "name"),
        (User(username="eve@example.org", email="eve@example.org", first_name="Eve\nBcc"), None),
    ]:
        with pytest.raises(ValidationError) as refused:
            obj.full_clean(exclude=["password"])
        errors = refused.value.message_dict
        assert errors[field or "first_name"] == [NAME_ON_ONE_LINE]


def test_the_admin_refuses_a_team_name_with_a_line_break(client, alice):
    admin = User.objects.create_superuser("root@example.org", "root@example.org", "x" * 20)
    client.force_login(admin)
    response = client.post(
        "/admin/projects/team/add/",
        {
            "name": "Acme\nInc",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "A name must fit on one line" in response.content.decode()
    assert not Team.objects.filter(name__startswith="Acme").exists()
