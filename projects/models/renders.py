import hashlib
import hmac
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from projects.kling import limits

from .assets import Asset
from .credentials import RenderCredentials
from .projects import Project
from .render_lifecycle import RenderLifecycle, RenderQuerySet, RenderStatus
from .stack_state import StackState, stack_state_fields
from .teams import Team, User


class RenderMode(models.TextChoices):
    STD = "std", "Standard"
    PRO = "pro", "Professional"


class ReviewState(models.TextChoices):
    PENDING = "pending", "Not reviewed"
    APPROVED = "approved", "Approved"
    CHANGES = "changes", "Changes requested"


class RenderBatch(models.Model):
    """Renders queued together (one portrait, several voiceovers, or the
    reverse), followed and reviewed as a group."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, models.CASCADE, related_name="batches")
    label = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "render batches"

    def __str__(self):
        return self.label or f"Batch of {self.created:%Y-%m-%d %H:%M}"


def video_path(render, filename):
    return f"teams/{render.project.team.code}/renders/{render.code.hex}/{filename}"


class Render(RenderLifecycle, RenderCredentials, StackState):
    objects = RenderQuerySet.as_manager()

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, models.CASCADE, related_name="renders")
    # The project's team, copied on save (projects never change teams): the
    # team-wide search reads a team's renders newest first from one index.
    team = models.ForeignKey(
        Team, models.CASCADE, null=True, blank=True, editable=False, related_name="+"
    )
    batch = models.ForeignKey(
        RenderBatch, models.SET_NULL, null=True, blank=True, related_name="renders"
    )
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions",
        help_text="The render this one was made again from.",
    )
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(
        max_length=120,
        blank=True,
        help_text="Its name for people: from the portrait and the voiceover or the script "
        "unless the team renamed it.",
    )
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    # Inputs
    portrait = models.ForeignKey(Asset, models.PROTECT, related_name="portrait_renders")
    voiceover = models.ForeignKey(
        Asset, models.PROTECT, null=True, blank=True, related_name="voiceover_renders"
    )
    script = models.TextField(
        blank=True, max_length=limits.SCRIPT_MAX_CHARS, help_text="Text spoken by a Kling voice."
    )
    voice_id = models.CharField(max_length=60, blank=True)
    voice_language = models.CharField(max_length=5, blank=True)
    audio_id = models.CharField(max_length=100, blank=True, help_text="Kling TTS audio id.")
    prompt = models.TextField(blank=True, max_length=limits.PROMPT_MAX_CHARS)
    mode = models.CharField(max_length=3, choices=RenderMode.choices, default=RenderMode.STD)
    watermark = models.BooleanField(default=False)

    # Provider state
    external_task_id = models.CharField(max_length=64, unique=True, editable=False)
    task_id = models.CharField(max_length=100, blank=True, db_index=True)
    status = models.CharField(
        max_length=12, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    failure_reason = models.TextField(blank=True)
    submit_attempts = models.PositiveIntegerField(default=0)
    # An owner let this render go over the monthly budget: no budget check holds it.
    budget_released_at = models.DateTimeField(null=True, blank=True)
    budget_released_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    archive_retry_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Archiving is not tried again before this (a worker's claim, or a wait "
        "after a failed try).",
    )
    create_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a create call was last sent: from then on Kling may have the task.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    polls = models.PositiveIntegerField(default=0)
    provider_done_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    # Result
    provider_video_url = models.URLField(max_length=1000, blank=True)
    provider_watermark_url = models.URLField(max_length=1000, blank=True)
    units = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    duration = models.FloatField(null=True, blank=True, help_text="Seconds of video.")
    video = models.FileField(upload_to=video_path, blank=True, max_length=200)
    watermarked_video = models.FileField(upload_to=video_path, blank=True, max_length=200)
    poster = models.FileField(upload_to=video_path, blank=True, max_length=200)
    archive_attempts = models.PositiveIntegerField(default=0)
    archive_error = models.TextField(blank=True)
    attention = models.TextField(blank=True, help_text="Why a person should look at this.")

    # Review
    review_state = models.CharField(
        max_length=8, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    reviewed_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    # A client's review through a share link (then reviewed_by is empty).
    reviewed_by_visitor = models.ForeignKey(
        "projects.LinkVisitor", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RenderStatus.values), name="render_status_is_known"
            ),
            # Exactly one source of speech: an uploaded voiceover or a TTS script.
            models.CheckConstraint(
                condition=(
                    models.Q(voiceover__isnull=False, script="")
                    | models.Q(voiceover__isnull=True) & ~models.Q(script="")
                ),
                name="render_has_one_voice",
            ),
        ]
        indexes = [
            # The gallery: a project's renders, newest first.
            models.Index(fields=["project", "-created"], name="render_gallery_idx"),
            # The team-wide search (projects/gallery/search.py): a team's
            # renders, newest first. On PostgreSQL, migration 0017 adds
            # trigram indexes for the words searched (title, direction, script).
            models.Index(fields=["team", "-created"], name="render_team_search_idx"),
            # The gallery's portrait and voiceover filters: whether a project
            # used an upload, one look-up per upload (gallery/forms.py).
            models.Index(fields=["portrait", "project"], name="render_portrait_use_idx"),
            models.Index(fields=["voiceover", "project"], name="render_voiceover_use_idx"),
            # The gallery's filtered pages: a project's stacks (their roots),
            # by the state kept on them (models/stack_state.py), in order.
            models.Index(
                fields=["project", "stack_review", "-stack_newest"],
                condition=models.Q(parent__isnull=True),
                name="render_stack_review_idx",
            ),
            models.Index(
                fields=["project", "-stack_newest"],
                condition=models.Q(parent__isnull=True),
                name="render_stack_order_idx",
            ),
            # The worker: queued renders that are due, and in-flight ones due a poll.
            models.Index(fields=["status", "next_attempt_at"], name="render_due_submit_idx"),
            models.Index(fields=["status", "next_poll_at"], name="render_due_poll_idx"),
            # The worker: done videos whose signing is due (models/credentials.py).
            models.Index(
                fields=["credentials_state", "credentials_retry_at"], name="render_due_sign_idx"
            ),
        ]

    def __str__(self):
        return f"Render {self.code.hex[:8]} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if not self.external_task_id:
            self.external_task_id = f"avs-{self.code.hex}"
        if self.team_id is None and self.project_id is not None:
            self.team_id = self.project.team_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "team"}
        adding = self._state.adding
        if not adding and kwargs.get("update_fields") is None:
            # The stack's state is written by refresh_stack only: an instance
            # read before a change of its stack must not put the old one back.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in stack_state_fields()
            ]
        super().save(*args, **kwargs)
        if adding:
            self.refresh_stack()

    def get_absolute_url(self):
        return reverse("render_detail", args=[self.code])

    @property
    def voice_label(self):
        if self.voiceover_id:
            return self.voiceover.label
        return f"“{self.script[:60]}” ({self.voice_id})"

    def estimated_units(self):
        """About what Kling will charge: from the voiceover's length, or for a
        Kling voice from the script's (there is no speech before Kling reads it)."""
        if self.voiceover_id:
            return limits.estimated_units(self.voiceover.duration, self.mode)
        return limits.estimated_units(limits.script_seconds(self.script), self.mode)

    def elapsed(self):
        end = self.finished_at or timezone.now()
        return end - self.created

    def callback_token(self):
        """A secret per render, derived rather than stored, so the database
        never holds it; checked with hmac.compare_digest."""
        key = hashlib.sha256(("kling-callback:" + settings.SECRET_KEY).encode()).digest()
        return hmac.new(key, self.code.bytes, hashlib.sha256).hexdigest()
