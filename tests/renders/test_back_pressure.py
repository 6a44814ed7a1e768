"""Back-pressure: once Kling answers 1303 (too many tasks), every slot is kept
busy without hammering it, at most one create attempt per free slot per
second (projects/renders/slots.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.models import Lease, Render, RenderStatus
from projects.renders import pump, slots, submission
from tests.factories import portrait_asset


def outcomes(sandbox):
    return [c["outcome"] for c in sandbox.creates()]


@pytest.fixture
def three(make_render, team):
    return [make_render(portrait=portrait_asset(team, colour=(i * 60, 90, 90))) for i in range(3)]


def test_after_a_1303_renders_wait_for_a_slot_without_asking_kling(studio_sandbox, three):
    studio_sandbox.configure(concurrency_limit=1, task_min_seconds=60, task_max_seconds=60)
    first, second, third = three
    assert submission.render_submit(render_id=first.pk) == "submitted"
    assert submission.render_submit(render_id=second.pk) == "queued-concurrency"
    for render in (third, second, third):
        assert submission.render_submit(render_id=render.pk) == "waiting-for-slot"
    # Kling heard the first create and the refused one: nothing more.
    assert outcomes(studio_sandbox) == ["created", "rejected"]
    for render in (second, third):
        render.refresh_from_db()
        assert render.status == RenderStatus.QUEUED
        assert render.submit_attempts == 0
    # Refused outright: no task exists, so its next attempt need not look one up.
    assert second.create_sent_at is None


def test_a_freed_slot_takes_one_create_attempt_per_second(studio_sandbox, three):
    studio_sandbox.configure(concurrency_limit=1, task_min_seconds=60, task_max_seconds=60)
    first, second, _ = three
    submission.render_submit(render_id=first.pk)
    submission.render_submit(render_id=second.pk)  # 1303: Kling holds 1 of ours
    now = timezone.now()
    assert slots.take_slot(now) is None
    # Kling finishes the first render (a callback or a poll tells us).
    Render.objects.filter(pk=first.pk).update(status=RenderStatus.ARCHIVING)
    assert slots.take_slot(now).kind == slots.FREE
    assert slots.take_slot(now) is None  # one free slot: one attempt this second
    assert slots.take_slot(now + timedelta(seconds=1)).kind == slots.FREE


def test_two_free_slots_take_two_attempts_per_second(db, make_render, team):
    renders = [make_render(portrait=portrait_asset(team, colour=(i * 40, 9, 9))) for i in range(3)]
    Render.objects.filter(pk__in=[r.pk for r in renders]).update(status=RenderStatus.PROCESSING)
    now = timezone.now()
    slots.kling_full(now)  # full at 3 of ours
    Render.objects.filter(pk__in=[r.pk for r in renders[:2]]).update(status=RenderStatus.ARCHIVING)
    taken = [slots.take_slot(now) for _ in range(3)]
    assert [s.kind if s else None for s in taken] == [slots.FREE, slots.FREE, None]
    # A render another worker had claimed gives its attempt back.
    slots.give_back(taken[0])
    assert slots.take_slot(now).kind == slots.FREE


def test_with_none_of_ours_at_kling_a_create_is_tried_now_and_then(db, settings):
    settings.RENDER_SLOT_PROBE_SECONDS = 10
    now = timezone.now()
    slots.kling_full(now)  # full, and none of the tasks are ours
    assert slots.take_slot(now) is None
    assert slots.take_slot(now + timedelta(seconds=5)) is None
    probe = slots.take_slot(now + timedelta(seconds=11))
    assert probe.kind == slots.PROBE
    assert slots.take_slot(now + timedelta(seconds=12)) is None
    # The probe got through: what we knew of the limit is out of date.
    slots.created(probe)
    assert slots.take_slot(now + timedelta(seconds=12)).kind == slots.OPEN


def test_with_ours_at_kling_probes_are_six_times_rarer(studio_sandbox, three, settings):
    settings.RENDER_SLOT_PROBE_SECONDS = 10
    studio_sandbox.configure(concurrency_limit=1, task_min_seconds=60, task_max_seconds=60)
    first, second, _ = three
    submission.render_submit(render_id=first.pk)
    submission.render_submit(render_id=second.pk)  # 1303 with one of ours at Kling
    now = timezone.now()
    assert slots.take_slot(now + timedelta(seconds=11)) is None
    assert slots.take_slot(now + timedelta(seconds=61)).kind == slots.PROBE


def test_no_limit_is_known_until_kling_says_so(db):
    assert slots.take_slot().kind == slots.OPEN


def test_the_pump_keeps_every_slot_busy_without_hammering_kling(
    studio_sandbox, make_render, team, settings, monkeypatch
):
    settings.SITE_URL = ""
    settings.RENDER_SLOT_PROBE_SECONDS = 600
    monkeypatch.setattr(pump, "ARCHIVE_GRACE", timedelta(0))
    # The pump hands its connection back between rounds; a test's is kept.
    monkeypatch.setattr(pump, "close_old_connections", lambda: None)
    studio_sandbox.configure(concurrency_limit=2, task_min_seconds=1, task_max_seconds=2)
    renders = [
        make_render(portrait=portrait_asset(team, colour=(i * 40, 20, 90))) for i in range(6)
    ]
    pump.pump(seconds=60)
    statuses = set(
        Render.objects.filter(pk__in=[r.pk for r in renders]).values_list("status", flat=True)
    )
    assert statuses == {RenderStatus.DONE}
    creates = studio_sandbox.creates()
    # One refusal taught the pump the limit; after it every attempt found a free slot.
    assert [c["outcome"] for c in creates].count("rejected") == 1
    assert [c["outcome"] for c in creates].count("created") == 6
    # Never more attempts in a second than Kling's two slots.
    for create in creates:
        same_second = [c for c in creates if 0 <= c["time"] - create["time"] < 1000]
        assert len(same_second) <= 3 if create is creates[0] else len(same_second) <= 2


def test_a_worker_that_saved_a_video_sends_the_next_render_when_no_pump_runs(
    studio_sandbox, make_render, enqueued
):
    waiting = make_render()
    assert pump.pump_between_tasks()["submitted"] == 1
    waiting.refresh_from_db()
    assert waiting.status in (RenderStatus.SUBMITTED, RenderStatus.PROCESSING)
    assert not pump.pump_running()  # the lease is given back
    assert ("projects.tasks.pump", ()) not in enqueued  # and no pump task queued


def test_no_round_between_tasks_while_the_pump_runs(studio_sandbox, make_render, enqueued):
    assert Lease.acquire(pump.PUMP_LEASE, "the pump", 60)
    waiting = make_render()
    assert pump.pump_between_tasks() == {"skipped": True}
    waiting.refresh_from_db()
    assert waiting.status == RenderStatus.QUEUED
