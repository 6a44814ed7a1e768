"""The make-video button names what one click makes: the number of videos
(portraits × voiceovers, or portraits for a script) and about what they cost,
in money when a price is set, free in practice mode."""

from types import SimpleNamespace

import pytest

from projects.renders.plan import plan_for
from tests.conftest import login_as
from tests.factories import portrait_asset, voiceover_asset


def voice(seconds):
    return SimpleNamespace(duration=seconds)


@pytest.mark.parametrize(
    "portraits, voiceovers, script, count",
    [
        (2, [3.0, 4.0, 5.0], "", 6),
        (1, [3.0], "", 1),
        (3, [], "Meet our spring collection.", 3),
    ],
)
def test_the_count_is_what_will_be_made(portraits, voiceovers, script, count):
    plan = plan_for(
        portraits=range(portraits),
        voiceovers=[voice(s) for s in voiceovers],
        script=script,
        mode="std",
    )
    assert plan.count == count


@pytest.mark.parametrize(
    "portraits, voiceovers, script",
    [(0, [3.0], ""), (1, [], ""), (1, [3.0], "Both a voiceover and a script.")],
)
def test_choices_that_make_nothing_have_no_plan(portraits, voiceovers, script):
    plan = plan_for(
        portraits=range(portraits),
        voiceovers=[voice(s) for s in voiceovers],
        script=script,
        mode="std",
    )
    assert plan is None


def test_with_a_price_the_button_shows_money(settings):
    settings.KLING_USES_SANDBOX = False
    settings.PRICE_PER_UNIT = "0.25"
    plan = plan_for(portraits=[1, 2], voiceovers=[voice(10), voice(20)], script="", mode="pro")
    # 30 s × 2 portraits × 0.8 units a second: 48 units, €12.
    assert plan.button == "Make 4 videos · about 48 units (≈ €12.00)"


def test_without_a_price_the_button_shows_units(settings):
    settings.KLING_USES_SANDBOX = False
    settings.PRICE_PER_UNIT = ""
    plan = plan_for(portraits=[1], voiceovers=[voice(3)], script="", mode="std")
    assert plan.button == "Make 1 video · about 1.2 units"


def test_in_practice_mode_the_button_says_it_is_free(settings):
    settings.KLING_USES_SANDBOX = True
    settings.PRICE_PER_UNIT = "0.25"
    plan = plan_for(portraits=[1], voiceovers=[voice(3)], script="", mode="std")
    assert plan.button == "Make 1 video · about 1.2 units, free in practice mode"


def test_the_page_shown_again_names_the_count_on_its_button(client, alice, team, project):
    """Without JavaScript, the button of a form shown again says it too."""
    faces = [portrait_asset(team, colour=(i * 70, 90, 90)) for i in range(2)]
    voices = [voiceover_asset(team, seconds=2.5 + i, label=f"v{i}.mp3") for i in range(2)]
    login_as(client, alice)
    response = client.post(
        f"/projects/{project.code}/renders/new/",
        {
            "portraits": [f.code for f in faces],
            "voiceovers": [v.code for v in voices],
            "mode": "std",
            "prompt": "p" * 3000,
        },
    )
    assert response.status_code == 400
    assert "Make 4 videos · about 4.8 units, free in practice mode" in response.content.decode()
