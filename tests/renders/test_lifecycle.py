"""A render's lifecycle (projects/models/render_lifecycle.py, docs/architecture.md):
each transition happens only from the states it names and says whether it did;
the loser of a race changes nothing; the groups the worker and the pages ask
for hold the right renders; migration 0004 moved the archive retry clock."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import Render, RenderStatus, ReviewState

S = RenderStatus
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)
MINUTE = timedelta(minutes=1)

UNFINISHED = {S.QUEUED, S.HELD, S.SUBMITTING, S.SUBMITTED, S.PROCESSING, S.ARCHIVING}
IN_FLIGHT = {S.SUBMITTED, S.PROCESSING}


def at(render, status, **fields):
    """Put the render's row in ``status`` (and ``fields``), as earlier steps would."""
    Render.objects.filter(pk=render.pk).update(status=status, **fields)
    render.refresh_from_db()
    return render


def row(render):
    """The render's row as the database has it now."""
    return Render.objects.filter(pk=render.pk).values().get()


def fields_of(render):
    """The same columns, as the instance reads them."""
    return {field.attname: getattr(render, field.attname) for field in Render._meta.concrete_fields}


MADE = dict(video_url="https://cdn.example/v.mp4", watermark_url="", duration=4.0, units=Decimal(1))
KEPT = dict(video="v.mp4", watermarked_video="", poster="p.jpg", duration=4.0, now=NOW)

# name: (the call, the states it may start from, the state it ends in; None: unchanged)
TRANSITIONS = {
    "mark_create_sent": (lambda r: r.mark_create_sent(NOW), {S.SUBMITTING}, None),
    "record_speech": (lambda r: r.record_speech("audio-1"), {S.SUBMITTING}, None),
    "mark_submitted": (
        lambda r: r.mark_submitted("task-1", NOW, first_poll_at=LATER),
        {S.SUBMITTING},
        S.SUBMITTED,
    ),
    "requeue": (lambda r: r.requeue(LATER, count_attempt=True), {S.SUBMITTING}, S.QUEUED),
    "mark_processing": (
        lambda r: r.mark_processing("task-1", next_poll_at=LATER),
        {S.SUBMITTED},
        S.PROCESSING,
    ),
    "mark_made": (lambda r: r.mark_made("task-1", NOW, **MADE), IN_FLIGHT, S.ARCHIVING),
    "schedule_poll": (lambda r: r.schedule_poll(LATER), IN_FLIGHT, None),
    "mark_failed": (lambda r: r.mark_failed("Kling refused it", NOW), UNFINISHED, S.FAILED),
    "mark_archived": (lambda r: r.mark_archived(**KEPT), {S.ARCHIVING}, S.DONE),
    "postpone_archive": (lambda r: r.postpone_archive("CDN timed out", LATER), {S.ARCHIVING}, None),
    "cancel": (lambda r: r.cancel(NOW), {S.QUEUED, S.HELD}, S.CANCELED),
    "hold_over_budget": (lambda r: r.hold_over_budget(), {S.QUEUED}, S.HELD),
    "unhold": (lambda r: r.unhold(NOW), {S.HELD}, S.QUEUED),
    "requeue_for_retry": (lambda r: r.requeue_for_retry(NOW), {S.FAILED, S.CANCELED}, S.QUEUED),
    "set_review": (lambda r: r.set_review(ReviewState.APPROVED, None, NOW), {S.DONE}, None),
}


def _cases(allowed):
    return [
        pytest.param(name, status, id=f"{name}-from-{status}")
        for name, (_, starts, _) in TRANSITIONS.items()
        for status in S
        if (status in starts) == allowed
    ]


@pytest.mark.parametrize(("name", "status"), _cases(allowed=True))
def test_a_transition_from_a_state_it_names_happens_and_says_so(make_render, name, status):
    move, _, ends = TRANSITIONS[name]
    render = at(make_render(), status)
    before = row(render)

    assert move(render) is True

    after = row(render)
    assert after["status"] == (ends or status)
    assert after != before


@pytest.mark.parametrize(("name", "status"), _cases(allowed=False))
def test_a_transition_from_any_other_state_says_no_and_changes_nothing(make_render, name, status):
    move, _, _ = TRANSITIONS[name]
    render = at(make_render(), status)
    before = row(render)

    assert move(render) is False

    assert row(render) == before


@pytest.mark.parametrize(
    ("name", "status"),
    # record_speech: test_record_speech_leaves_the_instance_reading_as_its_row
    [case for case in _cases(allowed=True) if case.values[0] != "record_speech"],
)
def test_after_a_transition_the_instance_reads_as_its_row(make_render, name, status):
    move, _, _ = TRANSITIONS[name]
    render = at(make_render(), status)

    move(render)

    assert fields_of(render) == row(render)


def test_record_speech_leaves_the_instance_reading_as_its_row(make_render):
    refused = at(make_render(), S.QUEUED)
    assert refused.record_speech("audio-1") is False
    accepted = at(make_render(), S.SUBMITTING)
    assert accepted.record_speech("audio-1") is True
    assert (fields_of(refused), fields_of(accepted)) == (row(refused), row(accepted))


def test_a_render_whose_create_was_sent_can_no_longer_be_canceled(make_render):
    # As release_stale_claims leaves it: queued again, but Kling may have the task.
    render = at(make_render(), S.QUEUED, create_sent_at=NOW)
    before = row(render)

    assert render.can_cancel is False
    assert render.cancel(LATER) is False
    assert row(render) == before


def test_the_instance_shows_the_new_status_without_a_refresh(make_render):
    render = at(make_render(), S.SUBMITTING, claimed_at=NOW)

    render.mark_submitted("task-9", NOW, first_poll_at=LATER)

    shown = (render.status, render.task_id, render.submitted_at, render.next_poll_at)
    assert shown == (S.SUBMITTED, "task-9", NOW, LATER)
    assert (render.claimed_at, render.is_in_flight) == (None, True)


def test_counters_counted_in_the_database_read_back_as_numbers(make_render):
    render = at(make_render(), S.SUBMITTING, submit_attempts=2)
    # Another worker counted an attempt behind this instance's back.
    Render.objects.filter(pk=render.pk).update(submit_attempts=5)

    assert render.requeue(LATER, count_attempt=True) is True
    assert render.submit_attempts == 6 == row(render)["submit_attempts"]

    at(render, S.SUBMITTING)
    assert render.requeue(LATER, count_attempt=False) is True
    assert render.submit_attempts == 6 == row(render)["submit_attempts"]

    at(render, S.PROCESSING, polls=4)
    assert render.schedule_poll(LATER) is True
    assert (render.polls, render.next_poll_at) == (5, LATER)


# --- Races ----------------------------------------------------------------------


def test_of_two_claims_for_submission_only_the_first_gets_the_render(make_render):
    render = at(make_render(), S.QUEUED, next_attempt_at=NOW)

    claimed = Render.objects.claim_for_submission(render.pk, NOW)
    again = Render.objects.claim_for_submission(render.pk, NOW + MINUTE)

    assert (claimed.pk, claimed.status, claimed.claimed_at) == (render.pk, S.SUBMITTING, NOW)
    assert again is None
    assert row(render)["claimed_at"] == NOW


def test_a_render_is_not_claimed_for_submission_before_its_next_attempt(make_render):
    render = at(make_render(), S.QUEUED, next_attempt_at=LATER)

    assert Render.objects.claim_for_submission(render.pk, LATER - MINUTE) is None
    assert Render.objects.claim_for_submission(render.pk, LATER).status == S.SUBMITTING


def test_an_archive_claim_holds_for_its_lease_then_another_worker_may_take_it(make_render):
    lease = timedelta(minutes=10)
    render = at(make_render(), S.ARCHIVING, provider_done_at=NOW - timedelta(hours=1))
    claim = Render.objects.claim_for_archive

    one = claim(render.pk, NOW, lease=lease)
    assert (one.claimed_at, one.archive_retry_at, one.archive_attempts) == (NOW, NOW + lease, 1)
    assert claim(render.pk, NOW, lease=lease) is None
    assert claim(render.pk, NOW + lease - MINUTE, lease=lease) is None

    two = claim(render.pk, NOW + lease, lease=lease)
    assert (two.claimed_at, two.archive_attempts) == (NOW + lease, 2)


def test_only_an_archiving_render_is_claimed_for_archive(make_render):
    render = make_render()
    for status in set(S) - {S.ARCHIVING}:
        at(render, status)
        assert Render.objects.claim_for_archive(render.pk, NOW, lease=MINUTE) is None, status
    assert row(render)["archive_attempts"] == 0


def test_a_postponed_archive_is_due_again_from_its_retry_time_not_before(make_render):
    grace = timedelta(seconds=30)
    due = Render.objects.due_for_archive
    render = at(make_render(), S.ARCHIVING, provider_done_at=NOW - MINUTE, claimed_at=NOW)
    assert list(due(NOW, grace=grace)) == [render]

    assert render.postpone_archive("x" * 600, LATER, attention="Look at it") is True

    after = row(render)
    assert (after["archive_retry_at"], after["claimed_at"]) == (LATER, None)
    assert (after["archive_error"], after["attention"]) == ("x" * 500, "Look at it")
    assert list(due(NOW, grace=grace)) == []
    assert list(due(LATER - timedelta(seconds=1), grace=grace)) == []
    assert list(due(LATER, grace=grace)) == [render]


def test_an_archive_is_not_due_within_the_grace_after_kling_finished(make_render):
    grace = timedelta(seconds=30)
    at(make_render(), S.ARCHIVING, provider_done_at=NOW)

    assert not Render.objects.due_for_archive(NOW + grace, grace=grace).exists()
    assert Render.objects.due_for_archive(NOW + grace + MINUTE, grace=grace).exists()


def test_only_claims_older_than_stale_after_are_released(make_render):
    stale = at(make_render(), S.SUBMITTING, claimed_at=NOW - 4 * MINUTE, create_sent_at=NOW)
    on_the_edge = at(make_render(), S.SUBMITTING, claimed_at=NOW - 3 * MINUTE)
    fresh = at(make_render(), S.SUBMITTING, claimed_at=NOW - MINUTE)

    assert Render.objects.release_stale_claims(NOW, stale_after=3 * MINUTE) == 1

    r = row(stale)
    assert (r["status"], r["claimed_at"], r["next_attempt_at"]) == (S.QUEUED, None, NOW)
    assert r["create_sent_at"] == NOW  # the next attempt asks Kling before creating again
    for kept in (on_the_edge, fresh):
        assert (row(kept)["status"], row(kept)["claimed_at"]) == (S.SUBMITTING, kept.claimed_at)


# --- Retries --------------------------------------------------------------------


def test_a_retry_goes_under_a_new_external_task_id_and_starts_afresh(make_render):
    render = make_render()
    code = render.code.hex
    assert render.external_task_id == f"avs-{code}"
    said = {"task_id": "task-1", "failure_reason": "No face found", "attention": "Look"}
    sent = {"create_sent_at": NOW, "submitted_at": NOW, "finished_at": NOW, "claimed_at": NOW}
    at(render, S.FAILED, submit_attempts=3, **said, **sent)

    assert render.requeue_for_retry(LATER) is True

    r = row(render)
    assert r["external_task_id"] == render.external_task_id == f"avs-{code}-r1"
    assert (r["status"], r["next_attempt_at"], r["submit_attempts"]) == (S.QUEUED, LATER, 0)
    assert [r[name] for name in said] == [""] * 3
    assert [r[name] for name in sent] == [None] * 4

    at(render, S.CANCELED)
    assert render.requeue_for_retry(LATER) is True
    assert row(render)["external_task_id"] == f"avs-{code}-r2"


def test_a_third_retry_goes_under_a_third_external_task_id(make_render):
    render = make_render()
    ids = []
    for _ in range(3):
        at(render, S.FAILED)
        render.requeue_for_retry(NOW)
        ids.append(render.external_task_id)
    assert ids == [f"avs-{render.code.hex}-r{n}" for n in (1, 2, 3)]


def test_two_retries_from_pages_loaded_while_it_failed_make_one_new_attempt(make_render):
    render = at(make_render(), S.FAILED)
    first, second, third = (Render.objects.get(pk=render.pk) for _ in range(3))

    assert first.requeue_for_retry(NOW) is True
    assert second.requeue_for_retry(NOW) is False
    # The new attempt failed too before the third click arrived: that click
    # was about the old attempt, and makes no other.
    at(render, S.FAILED)
    assert third.requeue_for_retry(NOW) is False

    assert row(render)["external_task_id"] == f"avs-{render.code.hex}-r1"
    assert row(render)["status"] == S.FAILED


# --- What a person may do, and the groups pages and the worker ask for -----------

# status: can_cancel, can_retry, can_review, stage, is_finished, is_in_flight
RULES = {
    S.QUEUED: (True, False, False, "queued", False, False),
    S.HELD: (True, False, False, "held", False, False),
    S.SUBMITTING: (False, False, False, "queued", False, False),
    S.SUBMITTED: (False, False, False, "rendering", False, True),
    S.PROCESSING: (False, False, False, "rendering", False, True),
    S.ARCHIVING: (False, False, False, "saving", False, False),
    S.DONE: (False, False, True, "done", True, False),
    S.FAILED: (False, True, False, "failed", True, False),
    S.CANCELED: (False, True, False, "canceled", True, False),
}


@pytest.mark.parametrize("status", list(S))
def test_what_a_person_may_do_and_the_stage_shown_follow_the_status(status):
    r = Render(status=status)
    rules = (r.can_cancel, r.can_retry, r.can_review, r.stage, r.is_finished, r.is_in_flight)
    assert rules == RULES[status]
    assert r.ended_without_video is (status in (S.FAILED, S.CANCELED))


@pytest.mark.parametrize(
    ("group", "statuses"),
    [
        pytest.param(lambda q: q.in_stages("queued"), {S.QUEUED, S.SUBMITTING}, id="queued"),
        pytest.param(lambda q: q.in_stages("rendering"), IN_FLIGHT, id="rendering"),
        pytest.param(
            lambda q: q.in_stages("saving", "done"), {S.ARCHIVING, S.DONE}, id="saving+done"
        ),
        pytest.param(
            lambda q: q.in_stages("failed", "canceled"), {S.FAILED, S.CANCELED}, id="ended"
        ),
        pytest.param(lambda q: q.unfinished(), UNFINISHED, id="unfinished"),
        pytest.param(lambda q: q.in_flight(), IN_FLIGHT, id="in_flight"),
        pytest.param(lambda q: q.finished(), {S.DONE, S.FAILED, S.CANCELED}, id="finished"),
    ],
)
def test_each_group_holds_the_renders_of_its_statuses(make_render, group, statuses):
    for status in S:
        at(make_render(), status)

    assert sorted(r.status for r in group(Render.objects.all())) == sorted(statuses)


def test_due_for_submission_is_the_queued_renders_whose_time_came_oldest_first(make_render):
    later = at(make_render(), S.QUEUED, next_attempt_at=NOW - MINUTE)
    earlier = at(make_render(), S.QUEUED, next_attempt_at=NOW - 2 * MINUTE)
    just_now = at(make_render(), S.QUEUED, next_attempt_at=NOW)
    at(make_render(), S.QUEUED, next_attempt_at=NOW + MINUTE)
    for status in set(S) - {S.QUEUED}:
        at(make_render(), status, next_attempt_at=NOW - timedelta(hours=1))

    assert list(Render.objects.due_for_submission(NOW)) == [earlier, later, just_now]


def test_due_for_poll_is_the_renders_in_flight_whose_time_came_oldest_first(make_render):
    submitted = at(make_render(), S.SUBMITTED, next_poll_at=NOW - 2 * MINUTE)
    processing = at(make_render(), S.PROCESSING, next_poll_at=NOW - MINUTE)
    at(make_render(), S.SUBMITTED, next_poll_at=NOW + MINUTE)
    at(make_render(), S.PROCESSING, next_poll_at=None)
    for status in set(S) - IN_FLIGHT:
        at(make_render(), status, next_poll_at=NOW - timedelta(hours=1))

    assert list(Render.objects.due_for_poll(NOW)) == [submitted, processing]


# --- Migration 0004 -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_0004_moves_the_archive_retry_clock_out_of_claimed_at(project, portrait):
    before = [("projects", "0003_reviews_sharing_invites")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    OldRender = executor.loader.project_state(before).apps.get_model("projects", "Render")

    def old_render(status, claimed_at):
        return OldRender.objects.create(
            project_id=project.pk,
            portrait_id=portrait.pk,
            script="Hello.",
            voice_id="oversea_male1",
            status=status,
            claimed_at=claimed_at,
            external_task_id=f"avs-old-{status}-{claimed_at is not None}",
        ).pk

    waiting = old_render("archiving", NOW)
    never_tried = old_render("archiving", None)
    submitting = old_render("submitting", NOW)

    executor = MigrationExecutor(connection)
    executor.migrate([("projects", "0004_render_archive_retry_at")])
    try:
        clocks = Render.objects.values_list("archive_retry_at", "claimed_at")
        assert clocks.get(pk=waiting) == (NOW + timedelta(minutes=5), None)
        assert clocks.get(pk=never_tried) == (None, None)
        assert clocks.get(pk=submitting) == (None, NOW)
    finally:
        # Later tests need the whole schema back, whatever migrations came since.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
