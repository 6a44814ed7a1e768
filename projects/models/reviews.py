import uuid

from django.db import models
from django.utils import timezone

from .renders import Render
from .sharing import LinkVisitor, ShareLink
from .teams import User


class CommentKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    APPROVAL = "approval", "Approved"
    CHANGES = "changes", "Changes requested"


class Comment(models.Model):
    """A remark on a render, optionally pinned to a moment of the video. A
    review (approve, request changes) is kept as a comment of its own kind,
    so the render's page reads as one conversation."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    render = models.ForeignKey(Render, models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    # A client's comment: who (no account) and the link it came through.
    visitor = models.ForeignKey(
        LinkVisitor, models.CASCADE, null=True, blank=True, related_name="comments"
    )
    share_link = models.ForeignKey(
        ShareLink, models.CASCADE, null=True, blank=True, related_name="comments"
    )
    kind = models.CharField(max_length=8, choices=CommentKind.choices, default=CommentKind.COMMENT)
    body = models.TextField(max_length=2000, blank=True)
    at_seconds = models.FloatField(
        null=True, blank=True, help_text="The moment of the video this comment is about."
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]
        indexes = [
            # The rate limits: a visitor's and a link's latest comments.
            models.Index(fields=["visitor", "-created"], name="comment_visitor_idx"),
            models.Index(fields=["share_link", "-created"], name="comment_link_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(at_seconds__isnull=True) | models.Q(at_seconds__gte=0),
                name="comment_moment_not_negative",
            ),
        ]

    def __str__(self):
        return self.body[:60] or self.get_kind_display()

    @property
    def from_client(self):
        return self.visitor_id is not None
