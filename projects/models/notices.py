from django.db import models
from django.utils import timezone

from .projects import Project
from .renders import Render
from .teams import User


class NoticeKind(models.TextChoices):
    """What a notice is about: notices of one kind in one project collapse
    into one line, and each kind but "other" has its own e-mail choice."""

    READY = "ready", "Video ready"
    FAILED = "failed", "Video failed"
    CHANGES = "changes", "Changes requested"
    FEEDBACK = "feedback", "Client feedback"
    OTHER = "other", "Other"


class Notice(models.Model):
    """A message for one person, shown in the app until they open the video
    it is about or dismiss it."""

    user = models.ForeignKey(User, models.CASCADE, related_name="notices")
    render = models.ForeignKey(Render, models.CASCADE, null=True, blank=True, related_name="+")
    project = models.ForeignKey(Project, models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=16, choices=NoticeKind.choices, default=NoticeKind.OTHER)
    message = models.CharField(max_length=300)
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Waiting for the person's daily digest (their choice for this kind when
    # it was made); cleared once the digest that lists it has gone.
    awaiting_digest = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created"]
        indexes = [
            # The notice tray on every page: a person's unread notices.
            models.Index(fields=["user", "read_at", "-created"], name="notice_unread_idx"),
            models.Index(
                fields=["user", "created"],
                name="notice_digest_idx",
                condition=models.Q(awaiting_digest=True),
            ),
        ]

    def __str__(self):
        return self.message


class MailChoice(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately"
    DIGEST = "digest", "In a daily digest"
    NEVER = "never", "Never"


def _mail_field(label):
    return models.CharField(
        label, max_length=16, choices=MailChoice.choices, default=MailChoice.IMMEDIATELY
    )


class NotificationPreference(models.Model):
    """When a person wants e-mail about each kind of notice. A person without
    a row gets every kind immediately."""

    user = models.OneToOneField(User, models.CASCADE, related_name="notification_preference")
    ready = _mail_field("A video is ready")
    failed = _mail_field("A video could not be made")
    changes = _mail_field("A teammate asks for changes to my video")
    feedback = _mail_field("A client answers through a link")
    # When this person's last digest went out (None: never).
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"E-mail choices of {self.user}"

    def choice_for(self, kind: str) -> str:
        if kind in MAIL_KINDS:
            return getattr(self, kind)
        return MailChoice.NEVER


# The kinds a person chooses e-mail for (the field of each is named after it).
MAIL_KINDS = (NoticeKind.READY, NoticeKind.FAILED, NoticeKind.CHANGES, NoticeKind.FEEDBACK)
