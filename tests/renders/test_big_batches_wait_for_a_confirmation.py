"""Above the threshold (RENDER_CONFIRM_ABOVE_VIDEOS, RENDER_CONFIRM_ABOVE_UNITS)
the server queues nothing until the person has confirmed that count and cost:
the project page comes back with the question and every choice kept, so it
holds without JavaScript too."""

import re

import pytest

from projects.models import Render
from tests.conftest import login_as
from tests.factories import portrait_asset, voiceover_asset


@pytest.fixture
def faces(team, project):
    return [portrait_asset(team, project=project, colour=(i * 70, 90, 90)) for i in range(3)]


@pytest.fixture
def voices(team, project):
    # 2.5 + 3.5 + 4.5 = 10.5 s: with two portraits, 21 s, 8.4 units in std.
    return [
        voiceover_asset(team, project=project, seconds=2.5 + i, label=f"take-{i}.mp3")
        for i in range(3)
    ]


def make(client, project, portraits, voiceovers, **data):
    return client.post(
        f"/projects/{project.code}/renders/new/",
        {
            "portraits": [p.code for p in portraits],
            "voiceovers": [v.code for v in voiceovers],
            "mode": "std",
            "prompt": "",
            **data,
        },
    )


def confirmation_key(response):
    found = re.search(r'name="confirmed" value="([^"]*)"', response.content.decode())
    return found and found.group(1)


def test_six_videos_are_asked_about_and_queued_only_once_confirmed(
    client, alice, project, faces, voices, enqueued, django_capture_on_commit_callbacks
):
    login_as(client, alice)
    asked = make(client, project, faces[:2], voices, prompt="smiles, nods")
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Make 6 videos for about 8.4 units, free in practice mode?" in page
    assert "Yes, make 6 videos" in page
    assert "smiles, nods" in page  # the page keeps what was typed
    assert not Render.objects.exists() and enqueued == []

    with django_capture_on_commit_callbacks(execute=True):
        done = make(
            client,
            project,
            faces[:2],
            voices,
            prompt="smiles, nods",
            confirmed=confirmation_key(asked),
        )
    assert done.status_code == 302
    assert Render.objects.count() == 6
    assert len(enqueued) == 6


def test_five_videos_are_queued_at_once(client, alice, project, faces, voices, team, enqueued):
    login_as(client, alice)
    five = voices + [voiceover_asset(team, seconds=5.5 + i, label=f"x{i}.mp3") for i in range(2)]
    assert make(client, project, faces[:1], five).status_code == 302
    assert Render.objects.count() == 5


def test_many_units_are_asked_about_even_for_one_video(
    client, alice, project, faces, voices, settings, enqueued
):
    settings.KLING_USES_SANDBOX = False
    settings.PRICE_PER_UNIT = "0.25"
    settings.RENDER_CONFIRM_ABOVE_UNITS = 3
    login_as(client, alice)
    # One 4.5 s voiceover in pro: 3.6 units, €0.90.
    asked = make(client, project, faces[:1], voices[2:], mode="pro")
    assert asked.status_code == 200
    assert "Make 1 video for about 3.6 units (≈ €0.90)?" in asked.content.decode()
    assert not Render.objects.exists()
    assert make(client, project, faces[:1], voices[:1], mode="pro").status_code == 302
    assert Render.objects.count() == 1  # 2.5 s in pro: 2 units, under the threshold


def test_the_threshold_is_a_setting(client, alice, project, faces, voices, settings, enqueued):
    settings.RENDER_CONFIRM_ABOVE_VIDEOS = 6
    login_as(client, alice)
    assert make(client, project, faces[:2], voices).status_code == 302
    assert Render.objects.count() == 6


@pytest.mark.parametrize(
    "change",
    [
        {"portraits": 3},  # 9 videos, not the 6 confirmed
        {"mode": "pro"},  # the same 6 videos, twice the units
    ],
)
def test_a_confirmation_covers_only_what_it_named(
    client, alice, project, faces, voices, enqueued, change
):
    login_as(client, alice)
    key = confirmation_key(make(client, project, faces[:2], voices))
    assert key == "6:8.4"
    again = make(
        client,
        project,
        faces[: change.get("portraits", 2)],
        voices,
        mode=change.get("mode", "std"),
        confirmed=key,
    )
    assert again.status_code == 200
    assert confirmation_key(again) != key
    assert not Render.objects.exists()


@pytest.mark.parametrize("confirmed", ["yes", "6", "6:inf", "6:nan", ":", "6:8.4:1", "x" * 500])
def test_a_mangled_confirmation_asks_again(
    client, alice, project, faces, voices, enqueued, confirmed
):
    login_as(client, alice)
    again = make(client, project, faces[:2], voices, confirmed=confirmed)
    assert again.status_code == 200
    assert "Make 6 videos for" in again.content.decode()
    assert not Render.objects.exists()


def test_a_script_for_many_portraits_is_estimated_from_its_length(
    client, alice, project, team, enqueued
):
    six = [portrait_asset(team, colour=(i * 40, 20, 90)) for i in range(6)]
    login_as(client, alice)
    # 150 characters: about 10 s each, 4 units; six portraits: 24 units.
    asked = make(client, project, six, [], script="w" * 150)
    assert "Make 6 videos for about 24 units, free in practice mode?" in asked.content.decode()
    assert not Render.objects.exists()


def test_more_than_the_batch_limit_is_refused_before_anything_is_asked(
    client, alice, project, faces, voices, monkeypatch, enqueued
):
    monkeypatch.setattr("projects.renders.services.MAX_BATCH", 5)
    login_as(client, alice)
    refused = make(client, project, faces[:2], voices)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert page.count("That would make 6 videos at once; the limit is 5.") == 1
    assert confirmation_key(refused) == ""  # no question about what cannot be made
    assert not Render.objects.exists()
