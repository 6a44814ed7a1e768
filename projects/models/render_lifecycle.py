"""A render's states, and every way it moves between them.

This is the only code that writes ``Render.status``. Each transition is a
guarded conditional UPDATE: it names the states it may start from, changes
the row only if the row is still in one of them, and returns whether it
happened. Two workers (django-q2 delivers a task at least once), a callback
and a poll can race on the same render; the database decides who wins and
the loser changes nothing.

    queued ──claim──▶ submitting ──submitted──▶ submitted ──▶ processing
    ▲ │ ▲ │               │                          │            │
    │ │ │ cancel       requeue (busy, retry)         └──succeeded─┴──▶ archiving ──archived──▶ done
    │ │ │ ▼               ▼
    │ │ │ canceled      queued                 any unfinished state ──failed──▶ failed
    │ │ └──────── retry (failed or canceled) ◀──────────────────────────────────────┘
    │ └──over budget, at the claim──▶ held (may be canceled too)
    └──── released by an owner, or the budget allows ──┘

docs/architecture.md has the same as a table."""

import re
from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import Combinable

from projects.kling import limits


class RenderStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    HELD = "held", "Over budget"
    SUBMITTING = "submitting", "Sending to Kling"
    SUBMITTED = "submitted", "Waiting at Kling"
    PROCESSING = "processing", "Rendering"
    ARCHIVING = "archiving", "Saving the video"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELED = "canceled", "Canceled"


# A status only moves forward along this order, whatever order the worker,
# callbacks and polls see them in. FAILED and CANCELED end a render at any point.
STATUS_ORDER = {
    RenderStatus.QUEUED: 0,
    RenderStatus.HELD: 0,
    RenderStatus.SUBMITTING: 1,
    RenderStatus.SUBMITTED: 2,
    RenderStatus.PROCESSING: 3,
    RenderStatus.ARCHIVING: 4,
    RenderStatus.DONE: 5,
    RenderStatus.FAILED: 6,
    RenderStatus.CANCELED: 6,
}
# Kling has the task and is making the video: the worker polls these.
IN_FLIGHT = (RenderStatus.SUBMITTED, RenderStatus.PROCESSING)
FINISHED = (RenderStatus.DONE, RenderStatus.FAILED, RenderStatus.CANCELED)
UNFINISHED = tuple(s for s in RenderStatus if s not in FINISHED)
# The worker has something to do: held renders wait for a person or a budget.
ACTIVE = tuple(s for s in UNFINISHED if s != RenderStatus.HELD)
# Kling has, or may have, the task: budgets count their units (estimated until Kling says).
WITH_KLING = (RenderStatus.SUBMITTING, *IN_FLIGHT, RenderStatus.ARCHIVING)
RETRYABLE = (RenderStatus.FAILED, RenderStatus.CANCELED)
CANCELABLE = (RenderStatus.QUEUED, RenderStatus.HELD)

# How a person groups the statuses (gallery filters, badges): the worker's
# steps of sending and saving are not theirs.
STAGES = {
    "queued": (RenderStatus.QUEUED, RenderStatus.SUBMITTING),
    "held": (RenderStatus.HELD,),
    "rendering": IN_FLIGHT,
    "saving": (RenderStatus.ARCHIVING,),
    "done": (RenderStatus.DONE,),
    "failed": (RenderStatus.FAILED,),
    "canceled": (RenderStatus.CANCELED,),
}
STAGE_OF = {status: stage for stage, statuses in STAGES.items() for status in statuses}


class RenderQuerySet(models.QuerySet):
    """Which renders are due for what: the worker's questions, and the groups
    pages filter on."""

    def in_flight(self):
        return self.filter(status__in=IN_FLIGHT)

    def finished(self):
        return self.filter(status__in=FINISHED)

    def unfinished(self):
        return self.filter(status__in=UNFINISHED)

    def active(self):
        return self.filter(status__in=ACTIVE)

    def with_kling(self):
        """Renders whose units count against a budget before they finish: those
        Kling has, and queued ones whose create may have reached it."""
        return self.filter(
            Q(status__in=WITH_KLING) | Q(status=RenderStatus.QUEUED, create_sent_at__isnull=False)
        )

    def in_stages(self, *stages):
        return self.filter(status__in=[s for stage in stages for s in STAGES[stage]])

    def due_for_submission(self, now):
        return self.filter(status=RenderStatus.QUEUED, next_attempt_at__lte=now).order_by(
            "next_attempt_at"
        )

    def due_for_poll(self, now):
        return self.in_flight().filter(next_poll_at__lte=now).order_by("next_poll_at")

    def due_for_archive(self, now, *, grace):
        """Finished at Kling at least ``grace`` ago, and not being archived
        now nor waiting before another try."""
        return self.filter(status=RenderStatus.ARCHIVING, provider_done_at__lt=now - grace).filter(
            Q(archive_retry_at__isnull=True) | Q(archive_retry_at__lte=now)
        )

    # --- Transitions of many renders at once ---------------------------------

    def claim_for_submission(self, render_id, now):
        """QUEUED → SUBMITTING for this worker, if due. Returns the render or
        None: a duplicate delivery of the same task finds nothing to claim."""
        claimed = self.filter(
            pk=render_id, status=RenderStatus.QUEUED, next_attempt_at__lte=now
        ).update(status=RenderStatus.SUBMITTING, claimed_at=now)
        if not claimed:
            return None
        return self.select_related("portrait", "voiceover", "project__team").get(pk=render_id)

    def claim_for_archive(self, render_id, now, *, lease):
        """Take an ARCHIVING render for this worker until ``now + lease``;
        a worker that dies holding it frees it then."""
        claimed = (
            self.filter(pk=render_id, status=RenderStatus.ARCHIVING)
            .filter(Q(archive_retry_at__isnull=True) | Q(archive_retry_at__lte=now))
            .update(
                claimed_at=now,
                archive_retry_at=now + lease,
                archive_attempts=F("archive_attempts") + 1,
            )
        )
        if not claimed:
            return None
        return self.select_related("project__team").get(pk=render_id)

    def release_stale_claims(self, now, *, stale_after):
        """SUBMITTING → QUEUED for renders whose worker vanished mid-submission.
        ``create_sent_at`` makes the next attempt ask Kling first, so a task
        that did get through is adopted, not created twice."""
        return self.filter(status=RenderStatus.SUBMITTING, claimed_at__lt=now - stale_after).update(
            status=RenderStatus.QUEUED, claimed_at=None, next_attempt_at=now
        )

    def flag_overdue(self, now, *, minutes):
        return (
            self.in_flight()
            .filter(submitted_at__lt=now - timedelta(minutes=minutes), attention="")
            .update(
                attention=f"Kling has been working on this for over {minutes} minutes. "
                "It may still finish; if not, retry it."
            )
        )

    def flag_archives_at_risk(self, now, *, days):
        """Finished at Kling long ago but still not archived here."""
        return self.filter(
            status=RenderStatus.ARCHIVING,
            provider_done_at__lt=now - timedelta(days=days),
            attention="",
        ).update(
            attention=f"This video finished at Kling over {days} days ago and is still "
            f"not saved here; Kling deletes it at {limits.RESULT_RETENTION_DAYS} days."
        )


class RenderLifecycle(models.Model):
    """The Render model's transitions and the rules a person's actions follow.
    Mixed into ``Render``; the fields are declared there."""

    class Meta:
        abstract = True

    # --- What a person may do -----------------------------------------------

    @property
    def is_finished(self):
        return self.status in FINISHED

    @property
    def is_in_flight(self):
        return self.status in IN_FLIGHT

    @property
    def stage(self):
        return STAGE_OF[self.status]

    @property
    def can_cancel(self):
        """Only before a create was sent: Kling has no cancel call."""
        return self.status in CANCELABLE and self.create_sent_at is None

    @property
    def can_retry(self):
        return self.status in RETRYABLE

    @property
    def ended_without_video(self):
        """Failed or canceled: there is no video to watch."""
        return self.status in (RenderStatus.FAILED, RenderStatus.CANCELED)

    @property
    def can_review(self):
        return self.status == RenderStatus.DONE

    def next_external_task_id(self) -> str:
        """The id a retry is sent under: the failed task keeps the old one at
        Kling, and ids are unique there."""
        done = re.search(r"-r(\d+)$", self.external_task_id)
        attempt = int(done.group(1)) + 1 if done else 1
        return f"avs-{self.code.hex}-r{attempt}"

    # --- Transitions of this render ------------------------------------------

    def _move(self, from_statuses, **updates) -> bool:
        """UPDATE this row with ``updates`` if its status is still one of
        ``from_statuses``; mirror the change on this instance."""
        rows = type(self).objects.filter(pk=self.pk, status__in=from_statuses)
        changed = self.update_followed(rows, updates)
        if changed:
            for name, value in updates.items():
                if isinstance(value, Combinable):
                    # Computed by the database: deferred, read again only if used.
                    self.__dict__.pop(name, None)
                else:
                    setattr(self, name, value)
        return bool(changed)

    def mark_create_sent(self, now) -> bool:
        """From now on Kling may have the task: ask it before creating again."""
        return self._move([RenderStatus.SUBMITTING], create_sent_at=now)

    def record_speech(self, audio_id) -> bool:
        """Keep the Kling voice's audio id, so that a retry reuses it."""
        return self._move([RenderStatus.SUBMITTING], audio_id=audio_id)

    def mark_submitted(self, task_id, now, *, first_poll_at) -> bool:
        """SUBMITTING → SUBMITTED: Kling took the task."""
        return self._move(
            [RenderStatus.SUBMITTING],
            task_id=task_id,
            status=RenderStatus.SUBMITTED,
            submitted_at=now,
            next_poll_at=first_poll_at,
            claimed_at=None,
        )

    def requeue(self, when, *, count_attempt: bool, refused: bool = False) -> bool:
        """SUBMITTING → QUEUED at ``when``; ``refused``: the only create sent was refused."""
        updates = {"status": RenderStatus.QUEUED, "next_attempt_at": when, "claimed_at": None}
        if count_attempt:
            updates["submit_attempts"] = F("submit_attempts") + 1
        if refused:
            updates["create_sent_at"] = None
        return self._move([RenderStatus.SUBMITTING], **updates)

    def mark_processing(self, task_id, *, next_poll_at) -> bool:
        """SUBMITTED → PROCESSING."""
        return self._move(
            [RenderStatus.SUBMITTED],
            status=RenderStatus.PROCESSING,
            task_id=task_id or self.task_id,
            next_poll_at=next_poll_at,
        )

    def mark_made(self, task_id, now, *, video_url, watermark_url, duration, units) -> bool:
        """In flight → ARCHIVING: Kling made the video; ours to copy now."""
        return self._move(
            IN_FLIGHT,
            status=RenderStatus.ARCHIVING,
            task_id=task_id or self.task_id,
            provider_done_at=now,
            provider_video_url=video_url,
            provider_watermark_url=watermark_url,
            duration=duration,
            units=units,
            next_poll_at=None,
        )

    def schedule_poll(self, when) -> bool:
        """Ask Kling again at ``when``, if still in flight."""
        if self.status not in IN_FLIGHT:
            return False
        return self._move([self.status], next_poll_at=when, polls=F("polls") + 1)

    def mark_failed(self, reason, now) -> bool:
        """Any unfinished state → FAILED, with the reason in plain words."""
        return self._move(
            UNFINISHED,
            status=RenderStatus.FAILED,
            failure_reason=reason,
            finished_at=now,
            claimed_at=None,
        )

    def mark_archived(self, *, video, watermarked_video, poster, duration, now) -> bool:
        """ARCHIVING → DONE, with the names of the stored files."""
        return self._move(
            [RenderStatus.ARCHIVING],
            video=video,
            watermarked_video=watermarked_video,
            poster=poster,
            duration=duration,
            status=RenderStatus.DONE,
            finished_at=now,
            claimed_at=None,
            archive_retry_at=None,
            archive_error="",
        )

    def postpone_archive(self, reason, retry_at, *, attention="") -> bool:
        """Archiving failed this time: try again at ``retry_at``."""
        updates = {"archive_error": reason[:500], "archive_retry_at": retry_at, "claimed_at": None}
        if attention:
            updates["attention"] = attention
        return self._move([RenderStatus.ARCHIVING], **updates)

    def cancel(self, now) -> bool:
        """QUEUED or HELD → CANCELED, only while nothing was sent to Kling."""
        rows = type(self).objects.filter(pk=self.pk, create_sent_at__isnull=True)
        changed = self.update_followed(
            rows.filter(status__in=CANCELABLE),
            {"status": RenderStatus.CANCELED, "finished_at": now},
        )
        self.refresh_from_db()
        return bool(changed)

    def hold_over_budget(self) -> bool:
        """QUEUED → HELD: over a budget. Never once a create was sent (Kling may have it)."""
        rows = type(self).objects.filter(pk=self.pk, create_sent_at__isnull=True)
        changed = self.update_followed(
            rows.filter(status=RenderStatus.QUEUED),
            {"status": RenderStatus.HELD, "claimed_at": None},
        )
        self.refresh_from_db()
        return bool(changed)

    def unhold(self, now, *, released_by=None) -> bool:
        """HELD → QUEUED, due now: the budget allows it, or (``released_by``)
        an owner let it go over, and no budget check stops it again."""
        updates = {"status": RenderStatus.QUEUED, "next_attempt_at": now}
        if released_by is not None:
            updates |= {"budget_released_at": now, "budget_released_by": released_by}
        return self._move([RenderStatus.HELD], **updates)

    def requeue_for_retry(self, now) -> bool:
        """FAILED or CANCELED → QUEUED, under a new external task id. The
        guard includes the id this instance read, so two retries at once
        make one new attempt, not two."""
        rows = type(self).objects.filter(pk=self.pk, external_task_id=self.external_task_id)
        changed = self.update_followed(
            rows.filter(status__in=RETRYABLE),
            dict(
                external_task_id=self.next_external_task_id(),
                status=RenderStatus.QUEUED,
                task_id="",
                failure_reason="",
                attention="",
                submit_attempts=0,
                next_attempt_at=now,
                # A new attempt is charged again: an owner's release was for the last one.
                budget_released_at=None,
                budget_released_by=None,
                create_sent_at=None,
                submitted_at=None,
                finished_at=None,
                claimed_at=None,
                polls=0,
                archive_attempts=0,
                archive_error="",
                archive_retry_at=None,
            ),
        )
        self.refresh_from_db()
        return bool(changed)

    def set_review(self, state, reviewed_by, now, visitor=None) -> bool:
        """Record a review of a finished video, by a member or by a client
        (`visitor`). Only the review columns are written."""
        return self._move(
            [RenderStatus.DONE],
            review_state=state,
            reviewed_by=reviewed_by,
            reviewed_by_visitor=visitor,
            reviewed_at=now,
        )
