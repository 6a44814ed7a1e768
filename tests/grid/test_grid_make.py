"""Making a grid's missing cells: a confirmation naming how many videos and
what they cost, then exactly those pairs, and nothing at all on bad input."""

import pytest

from projects.models import Render, RenderBatch, RenderStatus
from projects.renders.services import MAX_BATCH
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.grid.conftest import SCRIPT, portraits, render, voiceovers


@pytest.fixture
def priced(settings):
    settings.KLING_USES_SANDBOX = False
    settings.PRICE_PER_UNIT = "0.25"
    settings.CURRENCY = "EUR"


@pytest.fixture
def two_by_two(team, project):
    """anna and ben × intro (3 s) and offer (5 s); anna × intro is made."""
    anna, ben = portraits(team, 2, project)
    intro = voiceovers(team, 1, project, "intro", seconds=3.0)[0]
    offer = voiceovers(team, 1, project, "offer", seconds=5.0)[0]
    made = render(project, anna, intro)
    return anna, ben, intro, offer, made


def cell(portrait, voice_key):
    return f"{portrait.code}:{voice_key}"


def errors(response):
    return " ".join(response.context["form"].errors.get("cell", []))


def test_the_confirmation_names_the_count_units_and_money_and_makes_nothing(
    client, alice, project, two_by_two, make_url, priced, enqueued
):
    anna, ben, intro, offer, _ = two_by_two
    login_as(client, alice)

    response = client.post(
        make_url, {"cell": [cell(ben, intro.code), cell(anna, offer.code)], "mode": "std"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Make 2 videos?" in html
    # 3 s and 5 s in standard mode: 0.4 units a second, 3.2 units, at €0.25 each.
    assert "2 videos, about 3.2 units (≈ €0.80)." in html
    assert "face-1.png × intro-0.mp3" in html and "face-0.png × offer-0.mp3" in html
    assert Render.objects.count() == 1 and enqueued == []


def test_confirming_makes_exactly_the_confirmed_pairs_in_one_batch(
    client, alice, project, two_by_two, make_url, enqueued, django_capture_on_commit_callbacks
):
    anna, ben, intro, offer, made = two_by_two
    login_as(client, alice)
    chosen = [cell(ben, intro.code), cell(anna, offer.code)]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            make_url, {"cell": chosen, "mode": "pro", "prompt": "  waves  ", "confirm": "1"}
        )

    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.code}/grid/"
    new = Render.objects.exclude(pk=made.pk)
    assert {(r.portrait, r.voiceover) for r in new} == {(ben, intro), (anna, offer)}
    assert {(r.mode, r.prompt, r.status, r.created_by) for r in new} == {
        ("pro", "waves", RenderStatus.QUEUED, alice)
    }
    assert RenderBatch.objects.get().label == "Campaign grid: 2 videos"
    assert sorted(args for _, args in enqueued) == sorted((r.pk,) for r in new)
    # ben × offer was not ticked: still missing.
    assert not Render.objects.filter(portrait=ben, voiceover=offer).exists()


def test_a_script_column_makes_the_same_script_with_the_same_voice(
    client, alice, team, project, make_url, enqueued
):
    anna, ben = portraits(team, 2, project)
    first = render(project, anna, script=SCRIPT, voice_id="uk_man2")
    login_as(client, alice)
    grid = client.get(f"/projects/{project.code}/grid/").context["grid"]
    (column,) = grid.voices

    client.post(make_url, {"cell": [cell(ben, column.key)], "mode": "std", "confirm": "1"})

    made = Render.objects.exclude(pk=first.pk).get()
    assert (made.portrait, made.voiceover, made.script, made.voice_id) == (
        ben,
        None,
        SCRIPT,
        "uk_man2",
    )
    assert made.voice_language == "en" and made.batch is None


def test_make_all_missing_confirms_every_missing_cell(
    client, alice, project, two_by_two, make_url, priced
):
    login_as(client, alice)

    response = client.post(make_url, {"all_missing": "1", "mode": "std"})

    assert [c.value for c in response.context["cells"]] == [
        c.value for c in response.context["grid"].missing
    ]
    assert len(response.context["cells"]) == 3
    # anna × offer (5 s), ben × intro (3 s), ben × offer (5 s): 13 s at 0.4 units.
    assert "3 videos, about 5.2 units (≈ €1.30)." in response.content.decode()


def test_a_scripts_cost_is_said_to_be_known_once_spoken(
    client, alice, team, project, make_url, priced
):
    anna, ben = portraits(team, 2, project)
    render(project, anna, script=SCRIPT, voice_id="uk_man2")
    login_as(client, alice)

    response = client.post(make_url, {"all_missing": "1", "mode": "std"})

    assert "1 video, a cost that depends on how long the spoken script is" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Tick at least one cell that is not made yet, or choose “Make all missing”."),
        (
            {"cell": ["00000000-0000-0000-0000-000000000000:nothing"]},
            "Some ticked cells are no longer in this grid",
        ),
    ],
)
def test_nothing_ticked_or_an_unknown_cell_is_said_next_to_the_buttons(
    client, alice, project, two_by_two, make_url, data, message
):
    login_as(client, alice)

    response = client.post(make_url, {"mode": "std", **data})

    assert response.status_code == 200
    assert message in errors(response)
    assert 'id="cell-errors"' in response.content.decode()
    assert Render.objects.count() == 1


def test_more_than_a_batch_is_refused_with_the_limit(
    client, alice, team, project, make_url, enqueued
):
    portraits(team, 3, project)
    voiceovers(team, 17, project)  # 51 missing cells
    login_as(client, alice)

    response = client.post(make_url, {"all_missing": "1", "mode": "std", "confirm": "1"})

    assert f"That would make 51 videos at once; the limit is {MAX_BATCH}." in errors(response)
    assert not Render.objects.exists() and enqueued == []
    # The button says so before anyone presses it.
    assert (
        "At most 50 videos at once"
        in client.get(f"/projects/{project.code}/grid/").content.decode()
    )


def test_a_cell_made_meanwhile_is_left_out_and_the_new_count_confirmed_first(
    client, alice, project, two_by_two, make_url, enqueued
):
    anna, ben, intro, offer, _ = two_by_two
    login_as(client, alice)
    confirmed = [cell(ben, intro.code), cell(ben, offer.code)]
    render(project, ben, offer, status=RenderStatus.QUEUED)  # a colleague was quicker

    response = client.post(make_url, {"cell": confirmed, "mode": "std", "confirm": "1"})

    assert response.status_code == 200
    assert "Make 1 video?" in response.content.decode()
    assert "1 of the cells you chose was made meanwhile" in response.content.decode()
    assert Render.objects.count() == 2 and enqueued == []


def test_pressing_confirm_twice_makes_the_videos_once(client, alice, project, two_by_two, make_url):
    anna, ben, intro, offer, _ = two_by_two
    login_as(client, alice)
    data = {"cell": [cell(ben, intro.code)], "mode": "std", "confirm": "1"}

    client.post(make_url, data)
    again = client.post(make_url, data)

    assert "made or on their way now: there is nothing to make" in errors(again)
    assert Render.objects.filter(portrait=ben, voiceover=intro).count() == 1


def test_bad_mode_or_a_long_direction_is_said_next_to_its_field(
    client, alice, project, two_by_two, make_url
):
    anna, ben, intro, offer, _ = two_by_two
    login_as(client, alice)

    response = client.post(
        make_url, {"cell": [cell(ben, intro.code)], "mode": "ultra", "prompt": "x" * 2501}
    )

    form = response.context["form"]
    assert "mode" in form.errors
    assert form.errors["prompt"] == ["Ensure this value has at most 2500 characters (it has 2501)."]
    assert Render.objects.count() == 1
    # The ticked cell stays ticked for the next try.
    assert f'value="{cell(ben, intro.code)}" checked' in response.content.decode()


def test_an_archived_project_makes_nothing(client, alice, project, two_by_two, make_url):
    anna, ben, intro, offer, _ = two_by_two
    project.archive()
    login_as(client, alice)

    response = client.post(
        make_url, {"cell": [cell(ben, intro.code)], "mode": "std", "confirm": "1"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This project is archived. Restore it to make new videos."
    ]
    assert Render.objects.count() == 1


def test_a_viewer_cannot_make_cells(client, bob, team, project, two_by_two, make_url):
    anna, ben, intro, offer, _ = two_by_two
    set_role(bob, team, Role.VIEWER)
    login_as(client, bob)

    response = client.post(
        make_url, {"cell": [cell(ben, intro.code)], "mode": "std", "confirm": "1"}
    )

    assert response.status_code == 403
    assert Render.objects.count() == 1


def test_the_pickers_choice_survives_the_confirmation(
    client, alice, team, project, two_by_two, make_url
):
    anna, ben, intro, offer, _ = two_by_two
    login_as(client, alice)
    chosen = {"pick": "1", "portrait": [str(ben.code)], "voice": [str(offer.code)]}

    confirm = client.post(make_url, {**chosen, "all_missing": "1", "mode": "std"})
    assert [c.value for c in confirm.context["cells"]] == [cell(ben, offer.code)]
    done = client.post(
        make_url, {**chosen, "cell": [cell(ben, offer.code)], "confirm": "1", "mode": "std"}
    )

    assert done["Location"].startswith(f"/projects/{project.code}/grid/?pick=1&portrait={ben.code}")
