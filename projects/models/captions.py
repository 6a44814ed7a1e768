"""A video's captions: its cues, how they were timed, and which version.

Each making (or remaking) adds a row with the next version; the newest is
the one served. A recorded voiceover's script, for captions from known
words, is kept on the voiceover asset (`Asset.transcript`), so that pasting
it once serves every video made with that voiceover.
"""

from django.db import models
from django.utils import timezone

from .renders import Render
from .teams import User


class CaptionSource(models.TextChoices):
    ALIGNED = "script-aligned", "Timed to the script by speech alignment"
    PROPORTIONAL = "script-proportional", "Timed by syllables"
    RECOGNIZED = "recognized", "Automatic — please check"


class CaptionEdit(models.TextChoices):
    """How a version came: made by the worker (""), edited by a person, or an
    earlier version restored. An edit keeps the `source` of what it edited."""

    MADE = "", "Made"
    EDITED = "edited", "Edited"
    RESTORED = "restored", "Restored"


class Caption(models.Model):
    render = models.ForeignKey(Render, models.CASCADE, related_name="captions")
    source = models.CharField(max_length=20, choices=CaptionSource.choices)
    language = models.CharField(max_length=12, default="en")
    cues = models.JSONField(default=list, help_text='[{"start": s, "end": s, "text": "…"}]')
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(default=timezone.now)
    edit = models.CharField(max_length=10, blank=True, choices=CaptionEdit.choices)
    # Who edited or restored it (kept empty when their account is gone: `edit` still says so).
    edited_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["render", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["render", "version"], name="one_caption_per_version")
        ]

    def __str__(self):
        return f"Captions v{self.version} of {self.render_id}"
