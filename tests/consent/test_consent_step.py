"""The consent step, "Who is in this photo?": editors and owners record the
person's name, the date they agreed and a confirmation, with an optional
document (a PDF or a photo, checked like every upload) that only owners can
open. A refusal says why beside the field and records nothing."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from projects.consent.services import consent_withdraw
from projects.media.document import CONSENT_DOCUMENT_MAX_BYTES
from projects.models import AuditEntry, AuditKind, PortraitConsent
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.factories import PDF, png_bytes, portrait_asset, voiceover_asset

AGREED = "I confirm this person agreed to have their face animated by AI for Alice's team."


@pytest.fixture
def bare(team, project):
    return portrait_asset(team, project=project, label="new.png", consent=False)


def record(client, portrait, document=None, **fields):
    data = {
        "person_name": "Ada Lovelace",
        "consent_date": timezone.localdate().isoformat(),
        "agreed": "on",
        **fields,
    }
    if document is not None:
        data["document"] = document
    return client.post(f"/assets/{portrait.code}/consent/", data)


def test_the_step_asks_who_is_in_the_photo_with_today_as_the_date(client, bob, bare):
    login_as(client, bob)
    page = client.get(f"/assets/{bare.code}/consent/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Who is in this photo?" in text
    assert AGREED.replace("'", "&#x27;") in text
    assert f'value="{timezone.localdate().isoformat()}"' in text
    assert f'max="{timezone.localdate().isoformat()}"' in text


def test_an_editor_records_consent_and_goes_back_to_the_project(client, bob, project, bare):
    login_as(client, bob)
    response = record(client, bare, person_name="  Ada   Lovelace ")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    consent = PortraitConsent.objects.get(portrait=bare)
    assert (consent.person_name, consent.confirmed_by) == ("Ada Lovelace", bob)
    assert consent.consent_date == timezone.localdate()
    entry = AuditEntry.objects.get(kind=AuditKind.CONSENT_GIVEN)
    assert (entry.actor, entry.target_code, entry.project) == (bob, str(bare.code), project)
    assert "Ada Lovelace agreed on" in entry.summary


def test_it_returns_to_the_page_it_came_from_on_this_site_only(client, bob, team, bare):
    login_as(client, bob)
    library = f"/teams/{team.code}/library/?kind=portrait"
    assert record(client, bare, next=library)["Location"] == library
    other = portrait_asset(team, label="b.png", colour=(1, 1, 1), consent=False)
    assert record(client, other, next="https://evil.example/")["Location"] == (
        f"/teams/{team.code}/library/"
    )


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"agreed": ""}, "Tick the box to confirm that the person agreed."),
        ({"person_name": "   "}, "Write the name of the person in the photo."),
        ({"consent_date": "tomorrow"}, "Give the date the person agreed as a date"),
        (
            {"consent_date": (timezone.localdate() + timedelta(days=2)).isoformat()},
            "The date they agreed cannot be in the future.",
        ),
    ],
)
def test_a_refusal_says_why_and_records_nothing(client, bob, bare, fields, reason):
    login_as(client, bob)
    response = record(client, bare, **fields)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not PortraitConsent.objects.exists()
    assert not AuditEntry.objects.filter(kind=AuditKind.CONSENT_GIVEN).exists()


def test_a_viewer_sees_the_step_but_cannot_record(client, vera_viewer, bare):
    login_as(client, vera_viewer)
    page = client.get(f"/assets/{bare.code}/consent/").content.decode()
    assert "An editor or owner" in page and "<form" not in page.split("<main", 1)[-1]
    assert record(client, bare).status_code == 403
    assert not PortraitConsent.objects.exists()


@pytest.fixture
def vera_viewer(bob, team):
    set_role(bob, team, Role.VIEWER)
    return bob


def test_a_voiceover_or_another_teams_portrait_has_no_consent_step(client, alice, team, charlie):
    login_as(client, alice)
    voice = voiceover_asset(team)
    assert client.get(f"/assets/{voice.code}/consent/").status_code == 404
    theirs = portrait_asset(charlie.memberships.get().team, consent=False)
    assert client.get(f"/assets/{theirs.code}/consent/").status_code == 404


def jpeg_bytes():
    out = io.BytesIO()
    Image.new("RGB", (600, 800), (250, 250, 250)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data, content_type",
    [("signed.pdf", PDF, "application/pdf"), ("scan.jpg", jpeg_bytes(), "image/jpeg")],
)
def test_a_document_is_kept_and_only_owners_open_it(
    client, alice, bob, bare, name, data, content_type
):
    login_as(client, bob)
    assert record(client, bare, SimpleUploadedFile(name, data, "x/y")).status_code == 302
    consent = PortraitConsent.objects.get()
    assert consent.document_label == name
    assert consent.document_content_type == content_type
    assert f"/consent/{name}" not in consent.document.name  # a generated name on disk
    url = f"/assets/{bare.code}/consent/document/"
    assert client.get(url).status_code == 403
    assert (
        "Kept; only the team's owners can open it."
        in client.get(f"/assets/{bare.code}/consent/").content.decode()
    )
    login_as(client, alice)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == data
    assert (
        "A consent document is kept."
        in AuditEntry.objects.get(kind=AuditKind.CONSENT_GIVEN).summary
    )


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("notes.txt", b"She said yes.", "must be a PDF, or a JPEG, PNG, WebP or HEIC photo"),
        ("fake.pdf", b"GIF89a" + b"\x00" * 40, "must be a PDF, or a JPEG, PNG, WebP or HEIC"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "looks like a PDF that was cut short"),
        ("broken.png", png_bytes()[:200], "cannot be read: it may be damaged"),
        ("huge.pdf", b"%PDF-" + b"0" * CONSENT_DOCUMENT_MAX_BYTES, "it can be at most 10 MB"),
    ],
)
def test_a_bad_document_is_refused_and_nothing_is_kept(client, bob, bare, name, data, reason):
    login_as(client, bob)
    response = record(client, bare, SimpleUploadedFile(name, data, "application/pdf"))
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not PortraitConsent.objects.exists()


def test_the_library_marks_each_portraits_consent_and_links_to_the_step(client, alice, team, bare):
    given = portrait_asset(team, label="given.png", colour=(5, 5, 5))
    gone = portrait_asset(team, label="gone.png", colour=(6, 6, 6))
    consent_withdraw(consent=gone.consent, withdrawn_by=alice)
    voiceover_asset(team)
    login_as(client, alice)
    page = client.get(f"/teams/{team.code}/library/").content.decode()
    assert page.count("data-consent-mark") == 3  # portraits only
    assert f"/assets/{bare.code}/consent/?next=/teams/{team.code}/library/" in page
    assert "No consent yet" in page and "Consent recorded" in page
    assert "Consent withdrawn" in page
    assert given.consent.person_name in page
