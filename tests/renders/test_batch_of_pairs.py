"""renders_create_batch with explicit pairs (the grid's cells, a sheet's rows):
exactly those renders, each pair's own direction and mode, all or nothing;
and the estimate the confirmations show for them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects.models import AssetKind, Render, RenderBatch
from projects.renders.estimates import estimate
from projects.renders.services import MAX_BATCH, Pair, renders_create_batch
from tests.grid.conftest import SCRIPT, light_asset


@pytest.fixture
def assets(team):
    return {
        "anna": light_asset(team, AssetKind.PORTRAIT, "anna.png"),
        "ben": light_asset(team, AssetKind.PORTRAIT, "ben.png"),
        "intro": light_asset(team, AssetKind.VOICEOVER, "intro.mp3", seconds=3.0),
        "offer": light_asset(team, AssetKind.VOICEOVER, "offer.mp3", seconds=5.0),
    }


def test_exactly_the_given_pairs_are_made_not_their_product(project, alice, assets, enqueued):
    a = assets
    pairs = [
        Pair(a["anna"], a["intro"]),
        Pair(a["ben"], a["offer"], prompt="waves", mode="pro", watermark=True),
        Pair(a["ben"], script=SCRIPT, voice_id="uk_man2", voice_language="en"),
    ]

    renders = renders_create_batch(
        project=project, created_by=alice, pairs=pairs, prompt="nods", label="Grid"
    )

    assert [
        (r.portrait, r.voiceover, r.script, r.prompt, r.mode, r.watermark) for r in renders
    ] == [
        (a["anna"], a["intro"], "", "nods", "std", False),
        (a["ben"], a["offer"], "", "waves", "pro", True),
        (a["ben"], None, SCRIPT, "nods", "std", False),
    ]
    assert RenderBatch.objects.get().label == "Grid"
    assert {r.batch_id for r in renders} == {RenderBatch.objects.get().pk}


def test_more_pairs_than_a_batch_allows_make_nothing(project, alice, assets, enqueued):
    pairs = [Pair(assets["anna"], assets["intro"])] * (MAX_BATCH + 1)

    with pytest.raises(ValidationError, match=f"the limit is {MAX_BATCH}"):
        renders_create_batch(project=project, created_by=alice, pairs=pairs)
    assert not Render.objects.exists()


def test_one_refused_pair_leaves_none_of_the_batch(project, alice, assets, enqueued):
    assets["offer"].soft_delete()
    pairs = [Pair(assets["anna"], assets["intro"]), Pair(assets["ben"], assets["offer"])]

    with pytest.raises(ValidationError, match="was deleted"):
        renders_create_batch(project=project, created_by=alice, pairs=pairs)
    assert not Render.objects.exists() and not RenderBatch.objects.exists()


def test_no_pairs_is_refused(project, alice):
    with pytest.raises(ValidationError, match="There is no video to make"):
        renders_create_batch(project=project, created_by=alice, pairs=[])


def test_the_estimate_counts_units_per_voiceover_in_each_pairs_mode(assets, settings):
    settings.KLING_USES_SANDBOX = False
    settings.PRICE_PER_UNIT = "0.25"
    a = assets
    pairs = [
        Pair(a["anna"], a["intro"]),  # 3 s std: 1.2
        Pair(a["ben"], a["offer"], mode="pro"),  # 5 s pro: 4
        Pair(a["ben"], script=SCRIPT, voice_id="uk_man2"),  # unknown until spoken
    ]

    result = estimate(pairs, "std")

    assert (result.count, result.units, result.unknown) == (3, Decimal("5.2"), 1)
    assert result.words == (
        "3 videos, about 5.2 units (≈ €1.30) for the 2 videos with a voiceover, plus the 1 "
        "read by a Kling voice, whose length is known once Kling reads it"
    )
    assert estimate(pairs[:1]).words == "1 video, about 1.2 units (≈ €0.30)"
