"""Renaming, tagging and removing uploads from the library: editors and owners
only; bad input gets one clear message and changes nothing."""

import pytest
from django.contrib.messages import get_messages

from projects.assets.forms import MAX_TAG_CHARS, MAX_TAGS
from projects.models import Asset
from projects.renders.forms import RenderForm

from .conftest import client_of, library_url, portrait, renders, voiceover


def edit(client, asset, **data):
    return client.post(f"/assets/{asset.code}/edit/", data)


def remove(client, asset, **data):
    return client.post(f"/assets/{asset.code}/delete/", data)


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def face(team, project):
    return portrait(team, project, label="IMG_0042.png", tags="old")


def test_an_editor_renames_and_tags_an_upload(team, bob, face):
    bob_client = client_of(bob)

    response = edit(bob_client, face, label="  Anna, CEO  ", tags="CEO, #French  ceo spring")

    assert response.status_code == 302 and response["Location"] == library_url(team)
    face.refresh_from_db()
    assert face.label == "Anna, CEO"
    assert face.tags == "ceo french spring"
    assert face.tag_list == ["ceo", "french", "spring"]
    assert said(response) == ["“Anna, CEO” is saved."]
    # The new name is what the pickers and the library show.
    assert "Anna, CEO" in bob_client.get(library_url(team)).content.decode()


def test_tags_can_be_cleared(bob, face):
    edit(client_of(bob), face, label=face.label, tags="  ")

    face.refresh_from_db()
    assert face.tags == "" and face.tag_list == []


def test_after_saving_the_library_comes_back_with_its_filters(team, bob, face):
    back = library_url(team, kind="portrait", q="img")

    response = edit(client_of(bob), face, label="Anna", tags="", next=back)

    assert response["Location"] == back


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.example/",
        "//evil.example/",
        "/projects/",
        "/teams/00000000-0000-0000-0000-000000000000/library/",
        "/teams/{team}/library/\r\nSet-Cookie: x=1",
        "/teams/{team}/libraryx",
    ],
)
def test_a_next_address_outside_the_team_s_library_is_ignored(team, bob, face, elsewhere):
    response = edit(client_of(bob), face, label="Anna", next=elsewhere.format(team=team.code))

    assert response.status_code == 302 and response["Location"] == library_url(team)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"label": "", "tags": "new"}, "Give it a name."),
        ({"label": "   ", "tags": "new"}, "Give it a name."),
        ({"tags": "new"}, "Give it a name."),
        ({"label": "x" * 201, "tags": "new"}, "A name can be at most 200 characters."),
        (
            {"label": "Anna\nCEO", "tags": "new"},
            "A name must fit on one line: remove line breaks, tabs and other invisible characters.",
        ),
        (
            {"label": "Anna", "tags": "ok " + "x" * (MAX_TAG_CHARS + 1)},
            f"The tag “{'x' * MAX_TAG_CHARS}…” is longer than {MAX_TAG_CHARS} characters;"
            " a tag is one short word.",
        ),
        (
            {"label": "Anna", "tags": " ".join(f"t{i}" for i in range(MAX_TAGS + 1))},
            f"That is {MAX_TAGS + 1} tags; an upload can have at most {MAX_TAGS}.",
        ),
        (
            {"label": "Anna", "tags": "ok a\x1bb"},
            "A tag is a plain word: remove the invisible characters.",
        ),
        (
            {"label": "Anna", "tags": "x" * 1000},
            f"An upload can have at most {MAX_TAGS} short tags.",
        ),
    ],
)
def test_bad_input_gets_one_message_and_changes_nothing(team, bob, face, data, message):
    response = edit(client_of(bob), face, **data)

    assert response.status_code == 302 and response["Location"] == library_url(team)
    assert said(response) == [message]
    face.refresh_from_db()
    assert (face.label, face.tags) == ("IMG_0042.png", "old")


def test_a_viewer_can_neither_rename_nor_remove(vera, face):
    client = client_of(vera)

    assert edit(client, face, label="Mine now", tags="x").status_code == 403
    assert remove(client, face).status_code == 403
    face.refresh_from_db()
    assert (face.label, face.tags, face.deleted_at) == ("IMG_0042.png", "old", None)


def test_an_outsider_learns_nothing(charlie, face):
    client = client_of(charlie)

    assert edit(client, face, label="Mine now").status_code == 404
    assert remove(client, face).status_code == 404
    face.refresh_from_db()
    assert face.label == "IMG_0042.png" and face.deleted_at is None


def test_a_removed_upload_cannot_be_renamed(team, bob, face):
    face.soft_delete()

    response = edit(client_of(bob), face, label="Back again", tags="x")

    assert said(response) == [
        "“IMG_0042.png” was removed from the library, so it cannot be changed."
    ]
    face.refresh_from_db()
    assert (face.label, face.tags) == ("IMG_0042.png", "old")


def test_removing_takes_it_out_of_the_pickers_and_stops_serving_it(team, alice, bob, project, face):
    voice = voiceover(team, project, label="offer.mp3")
    made, *_ = renders(project, alice, face, voice)
    client = client_of(bob)
    back = library_url(team, q="img")

    response = remove(client, face, next=back)

    assert response["Location"] == back
    face.refresh_from_db()
    assert face.is_deleted
    assert said(response) == [
        "“IMG_0042.png” was removed from the library. Videos already made with it stay as they are."
    ]
    project_page = client.get(f"/projects/{project.code}/").content.decode()
    assert f'name="portraits" value="{face.code}"' not in project_page
    assert f'name="voiceovers" value="{voice.code}"' in project_page
    assert str(face.code) not in [c for c, _ in RenderForm(team=team).fields["portraits"].choices]
    assert client.get(f"/assets/{face.code}/file/").status_code == 404
    # Kept for the video made with it: its page still names it.
    assert Asset.objects.filter(pk=face.pk).exists()
    video_page = client.get(f"/renders/{made.code}/").content.decode()
    assert "IMG_0042.png" in video_page and "removed from the library" in video_page


def test_removing_twice_changes_nothing_the_second_time(team, bob, face):
    client = client_of(bob)
    remove(client, face)
    face.refresh_from_db()
    first = face.deleted_at

    response = remove(client, face)

    assert said(response)[-1] == "“IMG_0042.png” was already removed from the library."
    face.refresh_from_db()
    assert face.deleted_at == first


def test_removing_from_the_project_page_still_goes_back_to_the_project(bob, project, face):
    response = remove(client_of(bob), face)

    assert response["Location"] == f"/projects/{project.code}/"


def test_a_renamed_upload_downloads_under_its_new_name_with_its_own_extension(alice, team):
    asset = portrait(team, label="Dr. Ada Lovelace")

    served = client_of(alice).get(f"/assets/{asset.code}/file/?download=1")

    assert 'filename="Dr. Ada Lovelace.png"' in served["Content-Disposition"]
