"""A finished video made again by ffmpeg in the worker, to download: with
its captions and/or a small "AI-generated" label burned into the picture.

One row per distinct request (video, captions version, label and its text):
asking again for the same thing gets the same row back, ready or on its
way, rather than making it twice (``projects/exports/services.py``).
"""

import uuid

from django.db import models
from django.utils import timezone

from .captions import Caption
from .renders import Render
from .teams import User

# What the label says unless the person changes it, and at most how long it
# may be (it sits in a corner of the picture).
DEFAULT_LABEL = "AI-generated"
LABEL_MAX_CHARS = 40


class ExportState(models.TextChoices):
    QUEUED = "queued", "Waiting for its turn"
    MAKING = "making", "Being made"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Could not be made"


def export_path(export, filename):
    render = export.render
    return f"teams/{render.project.team.code}/renders/{render.code.hex}/exports/{filename}"


class VideoExport(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    render = models.ForeignKey(Render, models.CASCADE, related_name="exports")
    # Captions burned in: the version they were made from, so that captions
    # made again later ask for a new export rather than reuse this one.
    burn_captions = models.BooleanField(default=False)
    caption = models.ForeignKey(
        Caption, models.SET_NULL, null=True, blank=True, related_name="exports"
    )
    ai_label = models.BooleanField(default=False)
    label_text = models.CharField(max_length=LABEL_MAX_CHARS, blank=True)
    state = models.CharField(max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    file = models.FileField(upload_to=export_path, blank=True, max_length=200)
    error = models.CharField(
        max_length=300, blank=True, help_text="Why it could not be made, in plain words."
    )
    requested_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [
            # An identical request looks for its twin: the render's exports.
            models.Index(fields=["render", "-created"], name="export_render_idx"),
        ]

    def __str__(self):
        return f"{self.describe()} of {self.render_id}"

    def describe(self) -> str:
        """What it carries, in words: "captions and “AI-generated” label"."""
        parts = []
        if self.burn_captions:
            parts.append("captions")
        if self.ai_label:
            parts.append(f"“{self.label_text}” label")
        return " and ".join(parts) or "no change"

    def note(self) -> str:
        """The words in its file name: "Title (captions, AI label).mp4"."""
        parts = (["captions"] if self.burn_captions else []) + (
            ["AI label"] if self.ai_label else []
        )
        return ", ".join(parts)

    @property
    def is_pending(self):
        return self.state in (ExportState.QUEUED, ExportState.MAKING)
