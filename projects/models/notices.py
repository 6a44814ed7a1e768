from django.db import models
from django.utils import timezone

from .renders import Render
from .teams import User


class Notice(models.Model):
    """A message for one person, shown in the app until they dismiss it."""

    user = models.ForeignKey(User, models.CASCADE, related_name="notices")
    render = models.ForeignKey(Render, models.CASCADE, null=True, blank=True, related_name="+")
    message = models.CharField(max_length=300)
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [
            # The notice tray on every page: a person's unread notices.
            models.Index(fields=["user", "read_at", "-created"], name="notice_unread_idx"),
        ]

    def __str__(self):
        return self.message
