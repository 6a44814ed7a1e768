"""A video's default title: from the portrait's and the voiceover's names,
or the first words of the script; never a file extension or a voice id."""

import pytest

from projects.renders.services import render_again, render_create
from projects.renders.titles import TITLE_MAX_CHARS, default_title
from tests.factories import portrait_asset, voiceover_asset


@pytest.mark.parametrize(
    ("portrait", "voiceover", "script", "title"),
    [
        ("Astronaut.png", "Spring EN.mp3", "", "Astronaut — Spring EN"),
        ("astronaut_v2.HEIC", "spring_en.wav", "", "astronaut v2 — spring en"),
        ("Dr. Ada", "Intro", "", "Dr. Ada — Intro"),
        ("CEO.jpg", "", "Welcome to our spring sale.", "CEO — “Welcome to our spring sale”"),
        (
            "CEO.jpg",
            "",
            "Welcome to the spring sale, everything must go today.",
            "CEO — “Welcome to the spring sale, everything…”",
        ),
    ],
)
def test_default_titles(portrait, voiceover, script, title):
    assert default_title(portrait, voiceover, script) == title


def test_a_long_title_is_cut_with_an_ellipsis():
    title = default_title("P" * 100, "V" * 100)
    assert len(title) == TITLE_MAX_CHARS and title.endswith("…")


def test_a_render_is_titled_when_made_and_its_versions_keep_the_title(alice, project):
    portrait = portrait_asset(project.team, project=project, label="Astronaut.png")
    voiceover = voiceover_asset(project.team, project=project, label="Spring EN.mp3")
    render = render_create(
        project=project, created_by=alice, portrait=portrait, voiceover=voiceover
    )
    assert render.title == "Astronaut — Spring EN"
    render.title = "Launch teaser"
    render.save(update_fields=["title"])
    again = render_again(render=render, created_by=alice, prompt="smile more")
    assert (again.title, again.version) == ("Launch teaser", 2)


def test_a_kling_voice_render_never_names_the_voice_id(alice, project):
    portrait = portrait_asset(project.team, project=project, label="CEO.jpg")
    render = render_create(
        project=project,
        created_by=alice,
        portrait=portrait,
        script="Hello there, friends.",
        voice_id="oversea_male1",
    )
    assert render.title == "CEO — “Hello there, friends”"
    assert "oversea" not in render.title
