"""An empty project offers "Try with a sample portrait and voice": the bundled
samples join the team's library (deduplicated by hash, as uploads are) and,
after a confirmation naming the cost, its first video is queued."""

import pytest

from projects.models import Asset, AssetKind, Render, RenderStatus
from projects.starter.samples import PORTRAIT, VOICEOVER, add_samples, sample_seconds
from projects.teams.roles import Role
from tests.conftest import login_as, set_role


@pytest.fixture
def try_url(project):
    return f"/projects/{project.code}/try/"


def test_only_an_empty_projects_page_offers_it_to_an_editor(
    client, alice, bob, team, project, try_url
):
    login_as(client, bob)
    assert try_url in client.get(project.get_absolute_url()).content.decode()

    set_role(bob, team, Role.VIEWER)
    assert try_url not in client.get(project.get_absolute_url()).content.decode()

    login_as(client, alice)
    add_samples(team=team, project=project, uploaded_by=alice, names=(PORTRAIT, VOICEOVER))
    portrait, voiceover = Asset.objects.order_by("kind")
    Render.objects.create(project=project, portrait=portrait, voiceover=voiceover)
    assert try_url not in client.get(project.get_absolute_url()).content.decode()


def test_the_confirmation_names_the_cost_and_changes_nothing(
    client, alice, project, try_url, settings
):
    settings.KLING_USES_SANDBOX = False
    settings.PRICE_PER_UNIT = "0.25"
    login_as(client, alice)

    response = client.get(try_url)

    html = response.content.decode()
    # 9.4 seconds in standard mode (0.4 units a second), at €0.25 a unit.
    assert sample_seconds() == pytest.approx(9.4, abs=0.01)
    assert "1 video, about 3.76 units (≈ €0.94)." in html
    assert "9.4-second English voiceover" in html
    assert "Add the samples and make the video" in html
    assert not Asset.objects.exists() and not Render.objects.exists()


def test_confirming_adds_the_samples_and_queues_the_first_video(
    client, alice, team, project, try_url, enqueued, django_capture_on_commit_callbacks
):
    login_as(client, alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(try_url)

    assert response["Location"] == f"/projects/{project.code}/#gallery"
    render = Render.objects.get()
    assert (render.portrait.label, render.voiceover.label) == (PORTRAIT, VOICEOVER)
    assert (render.status, render.created_by, render.project) == (
        RenderStatus.QUEUED,
        alice,
        project,
    )
    assert render.portrait.team == team and render.portrait.project == project
    assert enqueued == [("projects.tasks.submit_render", (render.pk,))]


def test_samples_already_in_the_library_are_reused_not_stored_twice(
    client, alice, team, project, try_url, enqueued
):
    earlier = team.projects.create(name="Earlier")
    add_samples(team=team, project=earlier, uploaded_by=alice)  # as seed_demo does
    before = set(Asset.objects.values_list("pk", flat=True))
    login_as(client, alice)

    client.post(try_url)

    assert set(Asset.objects.values_list("pk", flat=True)) == before
    render = Render.objects.get()
    assert render.portrait.kind == AssetKind.PORTRAIT and render.portrait.pk in before


def test_a_second_try_or_an_archived_project_queues_nothing_more(
    client, alice, project, try_url, enqueued
):
    login_as(client, alice)
    client.post(try_url)

    again = client.post(try_url, follow=True)
    assert "This project already has videos" in again.content.decode()
    assert Render.objects.count() == 1

    other = project.team.projects.create(name="Archived")
    other.archive()
    archived = client.post(f"/projects/{other.code}/try/", follow=True)
    assert "This project is archived." in archived.content.decode()
    assert Render.objects.count() == 1 and Asset.objects.count() == 2
