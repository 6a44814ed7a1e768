"""Changing what a link shows after it is made (projects/sharing/rooms.py):
adding, removing and ordering its videos, and its settings. Only what the
team puts on a link is on it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from projects.models import Project, RenderStatus, ReviewState, SharedVideo
from projects.sharing.rooms import (
    picked_renders,
    room_add,
    room_candidates,
    room_move,
    room_remove,
    room_update,
    room_videos,
)
from projects.sharing.services import sharelink_renders
from tests.sharing.conftest import done_render


@pytest.fixture
def three(project, alice):
    return [done_render(project, alice) for _ in range(3)]


@pytest.fixture
def link(make_link, three):
    link, _ = make_link(renders=three[:2])
    return link


def order(link):
    return [r.pk for r in room_videos(link)]


def test_added_videos_go_at_the_end_in_the_order_given(link, three, alice, project):
    fourth = done_render(project, alice)
    assert room_add(link=link, renders=[fourth, three[2]], added_by=alice) == 2
    assert order(link) == [three[0].pk, three[1].pk, fourth.pk, three[2].pk]
    assert [r.pk for r in sharelink_renders(link)] == order(link)
    assert SharedVideo.objects.get(link=link, render=fourth).added_by == alice


def test_a_video_already_on_the_link_stays_where_it_is(link, three, alice):
    assert room_add(link=link, renders=[three[0], three[2], three[2]], added_by=alice) == 1
    assert order(link) == [three[0].pk, three[1].pk, three[2].pk]


@pytest.mark.parametrize(
    "change",
    [
        {"status": RenderStatus.FAILED},
        {"status": RenderStatus.PROCESSING},
        {"status": RenderStatus.CANCELED},
        {"review_state": ReviewState.CHANGES},
    ],
)
def test_unshareable_videos_are_refused_in_plain_words_and_nothing_is_added(
    link, three, alice, project, change
):
    bad = done_render(project, alice, title="Take 7")
    type(bad).objects.filter(pk=bad.pk).update(**change)
    bad.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        room_add(link=link, renders=[three[2], bad], added_by=alice)
    assert refused.value.messages == [
        "“Take 7” cannot be shared: only finished videos without requested changes can."
    ]
    assert order(link) == [three[0].pk, three[1].pk]


def test_another_projects_video_is_refused(link, alice, team, three):
    elsewhere = Project.objects.create(team=team, name="Other", created_by=alice)
    foreign = done_render(elsewhere, alice)
    with pytest.raises(ValidationError, match="another project"):
        room_add(link=link, renders=[foreign], added_by=alice)
    with pytest.raises(ValidationError, match="not in this project"):
        picked_renders(link.project, [str(foreign.code)])
    assert order(link) == [three[0].pk, three[1].pk]


def test_picked_codes_keep_their_order_and_refuse_what_is_not_a_code(project, three):
    codes = [str(three[2].code), str(three[0].code), str(three[2].code)]
    assert picked_renders(project, codes) == [three[2], three[0]]
    for bad in (["not-a-uuid"], ["\x00"], [str(three[0].code)] * 201):
        with pytest.raises(ValidationError):
            picked_renders(project, bad)


def test_videos_made_later_never_appear_by_themselves(link, three, alice, project):
    later = done_render(project, alice, review_state=ReviewState.APPROVED)
    assert later.pk not in order(link)
    assert later.pk not in [r.pk for r in sharelink_renders(link)]
    # They are offered to add, with the other shareable video not on it.
    assert {r.pk for r in room_candidates(link)} == {three[2].pk, later.pk}


def test_the_add_picker_offers_only_shareable_videos_not_on_the_link(link, three, project, alice):
    changes = done_render(project, alice, review_state=ReviewState.CHANGES)
    failed = done_render(project, alice)
    type(failed).objects.filter(pk=failed.pk).update(status=RenderStatus.FAILED)
    offered = {r.pk for r in room_candidates(link)}
    assert offered == {three[2].pk}
    assert changes.pk not in offered


def test_removing_a_video(link, three, alice):
    room_remove(link=link, render=three[0])
    assert order(link) == [three[1].pk]
    with pytest.raises(ValidationError, match="not on this link"):
        room_remove(link=link, render=three[0])


def test_moving_videos_up_and_down(link, three, alice):
    room_add(link=link, renders=[three[2]], added_by=alice)
    assert room_move(link=link, render=three[2], direction="up")
    assert order(link) == [three[0].pk, three[2].pk, three[1].pk]
    assert room_move(link=link, render=three[0], direction="down")
    assert order(link) == [three[2].pk, three[0].pk, three[1].pk]
    # The first cannot go up, the last cannot go down: nothing moves.
    assert not room_move(link=link, render=three[2], direction="up")
    assert not room_move(link=link, render=three[1], direction="down")
    assert order(link) == [three[2].pk, three[0].pk, three[1].pk]
    with pytest.raises(ValidationError):
        room_move(link=link, render=three[0], direction="sideways")


def test_a_move_straightens_equal_positions(link, three, alice):
    room_add(link=link, renders=[three[2]], added_by=alice)
    SharedVideo.objects.filter(link=link).update(position=0)
    room_move(link=link, render=three[2], direction="up")
    positions = list(link.entries.order_by("position").values_list("render_id", "position"))
    assert positions == [(three[0].pk, 0), (three[2].pk, 1), (three[1].pk, 2)]


def test_a_turned_off_link_does_not_change(link, three, alice):
    link.revoke()
    for change in (
        lambda: room_add(link=link, renders=[three[2]], added_by=alice),
        lambda: room_remove(link=link, render=three[0]),
        lambda: room_move(link=link, render=three[1], direction="up"),
        lambda: room_update(
            link=link, label="x", expires_at=None, allow_download=True, allow_feedback=True
        ),
    ):
        with pytest.raises(ValidationError, match="turned off"):
            change()
    link.refresh_from_db()
    assert order(link) == [three[0].pk, three[1].pk]
    assert (link.label, link.allow_download) == ("For ACME", False)


def test_settings_change(link):
    when = timezone.now() + timedelta(days=3)
    room_update(
        link=link, label="  ACME, round 2 ", expires_at=when, allow_download=True,
        allow_feedback=True,
    )  # fmt: skip
    link.refresh_from_db()
    assert (link.label, link.expires_at, link.allow_download, link.allow_feedback) == (
        "ACME, round 2",
        when,
        True,
        True,
    )


def test_a_new_end_date_must_be_in_the_future_but_a_kept_one_may_have_passed(link):
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(ValidationError, match="in the future"):
        room_update(
            link=link, label="x", expires_at=past, allow_download=False, allow_feedback=False
        )
    type(link).objects.filter(pk=link.pk).update(expires_at=past)
    link.refresh_from_db()
    room_update(link=link, label="Renamed", expires_at=past, allow_download=False,
                allow_feedback=False)  # fmt: skip
    link.refresh_from_db()
    assert (link.label, link.expires_at, link.is_active) == ("Renamed", past, False)
    with pytest.raises(ValidationError, match="name"):
        room_update(link=link, label="  ", expires_at=None, allow_download=False,
                    allow_feedback=False)  # fmt: skip
