"""No portrait is animated without its person's consent: every way of making
a video refuses one without it (or whose consent was withdrawn) in plain
words, and makes nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from projects.consent.services import consent_withdraw
from projects.models import (
    AssetKind,
    AuditEntry,
    AuditKind,
    PortraitConsent,
    Render,
    RenderBatch,
    RenderStatus,
)
from projects.renders.services import (
    Pair,
    render_again,
    render_create,
    render_retry,
    renders_create_batch,
)
from projects.starter.samples import PORTRAIT_PERSON, try_samples
from tests.commands.conftest import Run
from tests.conftest import login_as
from tests.factories import give_consent, mp3_path, png_bytes, portrait_asset, voiceover_asset
from tests.grid.conftest import light_asset

NO_CONSENT = "“new.png” has no consent recorded yet."


@pytest.fixture
def bare(team, project):
    """A portrait whose person's consent is not recorded."""
    return portrait_asset(team, project=project, label="new.png", consent=False)


@pytest.fixture
def voiceover(team, project):
    return voiceover_asset(team, project=project)


def nothing_made():
    return not Render.objects.exists() and not RenderBatch.objects.exists()


def test_the_service_refuses_a_portrait_without_consent(project, alice, bare, voiceover):
    with pytest.raises(ValidationError) as refusal:
        render_create(project=project, created_by=alice, portrait=bare, voiceover=voiceover)
    assert NO_CONSENT in refusal.value.messages[0]
    assert "Record who is in the photo" in refusal.value.messages[0]
    assert nothing_made()


def test_a_batch_names_every_portrait_without_consent_and_makes_none(
    team, project, alice, bare, voiceover
):
    fine = portrait_asset(team, project=project, colour=(10, 200, 10))
    other = portrait_asset(team, project=project, label="old.png", colour=(1, 2, 3), consent=False)
    with pytest.raises(ValidationError) as refusal:
        renders_create_batch(
            project=project,
            created_by=alice,
            portraits=[fine, bare, other],
            voiceovers=[voiceover],
        )
    message = refusal.value.messages[0]
    assert NO_CONSENT in message and "“old.png” has no consent recorded yet." in message
    assert "face.png" not in message
    assert nothing_made()


def test_explicit_pairs_are_refused_too(project, alice, bare, voiceover):
    with pytest.raises(ValidationError, match="no consent recorded"):
        renders_create_batch(project=project, created_by=alice, pairs=[Pair(bare, voiceover)])
    assert nothing_made()


def test_the_make_video_form_refuses_it_beside_the_picker(
    client, alice, project, bare, voiceover, enqueued
):
    login_as(client, alice)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "No consent yet" in page
    assert f"/assets/{bare.code}/consent/?next=" in page
    response = client.post(
        f"/projects/{project.code}/renders/new/",
        {"mode": "std", "portraits": [bare.code], "voiceovers": [voiceover.code]},
    )
    assert response.status_code == 400
    assert NO_CONSENT in response.content.decode()
    assert nothing_made() and enqueued == []


def test_the_grid_refuses_it_and_marks_the_row(client, alice, team, project, enqueued):
    portrait = light_asset(team, AssetKind.PORTRAIT, "new.png", project=project)
    PortraitConsent.objects.filter(portrait=portrait).delete()
    voice = light_asset(team, AssetKind.VOICEOVER, "intro.mp3", project=project)
    login_as(client, alice)
    grid = client.get(f"/projects/{project.code}/grid/").content.decode()
    assert "No consent yet" in grid
    response = client.post(
        f"/projects/{project.code}/grid/make/",
        {"cell": [f"{portrait.code}:{voice.code}"], "mode": "std", "confirm": "1"},
    )
    assert response.status_code == 200
    assert NO_CONSENT in response.content.decode()
    assert nothing_made() and enqueued == []


def test_the_import_page_says_so_on_the_row_and_queues_nothing(
    client, alice, team, project, enqueued
):
    portrait = light_asset(team, AssetKind.PORTRAIT, "new.png")
    PortraitConsent.objects.filter(portrait=portrait).delete()
    light_asset(team, AssetKind.VOICEOVER, "intro.mp3")
    login_as(client, alice)
    sheet = b"project,portrait,voiceover\nSpring campaign,new.png,intro.mp3\n"
    preview = client.post(
        f"/projects/{project.code}/import/",
        {"sheet": SimpleUploadedFile("sheet.csv", sheet, "text/csv")},
    )
    reasons = [v.reason for v in preview.context["preview"]]
    assert reasons[0] == (
        "No consent is recorded for the portrait “new.png”; record who is in it from the "
        "library first."
    )
    form = preview.context["form"]
    client.post(
        f"/projects/{project.code}/import/queue/",
        {"text": form["text"].value(), "name": form["name"].value(), "lines": "2"},
    )
    assert nothing_made() and enqueued == []


def run_enqueue(*args):
    return Run("enqueue_renders", *args)


def test_enqueue_renders_refuses_without_consent_and_keeps_nothing(project, tmp_path, enqueued):
    face = tmp_path / "face.png"
    face.write_bytes(png_bytes())
    run = run_enqueue("--project", project.code, "--portrait", face, "--voiceover", mp3_path(2.0))
    assert run.error is not None and run.lines == []
    assert "has no consent recorded yet" in run.errors[0]
    assert 'Give --consent "NAME"' in run.errors[0]
    assert nothing_made()
    assert not PortraitConsent.objects.exists()


def test_enqueue_renders_with_consent_records_it_as_the_operator(project, tmp_path, enqueued):
    face = tmp_path / "face.png"
    face.write_bytes(png_bytes())
    run = run_enqueue(
        "--project",
        project.code,
        "--portrait",
        face,
        "--voiceover",
        mp3_path(2.0),
        "--consent",
        "  Ada   Lovelace ",
    )
    assert run.error is None and len(run.lines) == 1
    consent = PortraitConsent.objects.get()
    assert consent.person_name == "Ada Lovelace"
    assert consent.confirmed_by is None
    assert consent.confirmed_by_name == "manage.py enqueue_renders --consent"
    entry = AuditEntry.objects.get(kind=AuditKind.CONSENT_GIVEN)
    assert entry.actor_name.startswith("Operator (command line)")
    assert Render.objects.get().portrait == consent.portrait


def test_enqueue_renders_cannot_override_a_withdrawn_consent(project, alice, tmp_path, enqueued):
    face = tmp_path / "face.png"
    face.write_bytes(png_bytes())
    args = ("--project", project.code, "--portrait", face, "--voiceover", mp3_path(2.0))
    assert run_enqueue(*args, "--consent", "Ada").error is None
    consent_withdraw(consent=PortraitConsent.objects.get(), withdrawn_by=alice)
    run = run_enqueue(*args, "--consent", "Ada")
    assert run.error is not None
    assert "withdrew their consent" in run.errors[0]
    assert Render.objects.count() == 1


def test_again_and_retry_are_refused_once_consent_is_withdrawn(
    client, project, alice, team, voiceover, enqueued
):
    portrait = portrait_asset(team, project=project, consent=False)
    consent = give_consent(portrait, "Ada Example")
    first = render_create(project=project, created_by=alice, portrait=portrait, voiceover=voiceover)
    failed = render_create(
        project=project, created_by=alice, portrait=portrait, voiceover=voiceover
    )
    failed.mark_failed("Kling said no.", failed.created)
    consent_withdraw(consent=consent, withdrawn_by=alice)
    first.refresh_from_db()
    assert first.status == RenderStatus.CANCELED
    count = Render.objects.count()
    with pytest.raises(ValidationError, match="withdrew their consent"):
        render_again(render=first, created_by=alice, prompt="again")
    with pytest.raises(ValidationError, match="withdrew their consent"):
        render_retry(render=failed)
    login_as(client, alice)
    client.post(f"/renders/{failed.code}/retry/", follow=True)
    response = client.post(f"/renders/{first.code}/again/", {"prompt": "", "mode": "std"})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == RenderStatus.FAILED
    assert Render.objects.count() == count
    page = client.get(f"/renders/{failed.code}/").content.decode()
    assert "Consent withdrawn" in page


def test_the_sample_portrait_comes_with_its_consent(project, alice, enqueued):
    render = try_samples(project=project, user=alice)
    consent = PortraitConsent.objects.get(portrait=render.portrait)
    assert consent.person_name == PORTRAIT_PERSON
    assert consent.confirmed_by == alice
    assert AuditEntry.objects.filter(kind=AuditKind.CONSENT_GIVEN).count() == 1


def test_seed_demo_records_the_sample_portraits_consent_once(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    consent = PortraitConsent.objects.get()
    assert consent.person_name == PORTRAIT_PERSON
    assert consent.portrait.label == "portrait-astronaut.png"


def test_a_video_of_a_portrait_without_consent_links_to_the_step(client, alice, project, bare):
    made = Render.objects.create(project=project, portrait=bare, script="Hello there, friends.")
    login_as(client, alice)
    page = client.get(made.get_absolute_url()).content.decode()
    assert f"/assets/{bare.code}/consent/?next=/renders/{made.code}/" in page
