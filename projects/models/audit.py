"""The team's audit trail: who did what, and when. Append-only: a row is
written in the transaction of the change it records (`projects/audit/log.py`
`audit`), and nothing in the app can change or delete one."""

import uuid

from django.db import models
from django.utils import timezone

from .projects import Project
from .teams import Team, User


class AuditKind(models.TextChoices):
    """What happened. Grouped by the first word for the page's filter."""

    ASSET_UPLOADED = "asset.uploaded", "Upload added"
    ASSET_CHANGED = "asset.changed", "Upload renamed or tagged"
    ASSET_REMOVED = "asset.removed", "Upload removed"
    CONSENT_GIVEN = "consent.given", "Consent recorded"
    CONSENT_WITHDRAWN = "consent.withdrawn", "Consent withdrawn"
    RENDER_CREATED = "render.created", "Video made"
    RENDER_CANCELED = "render.canceled", "Video canceled"
    RENDER_RETRIED = "render.retried", "Video retried"
    RENDER_RENAMED = "render.renamed", "Video renamed"
    RENDER_RELEASED = "render.released", "Held video sent"
    REVIEW_CHANGED = "review.changed", "Review"
    COMMENT_ADDED = "comment.added", "Comment"
    CLIENT_FEEDBACK = "client.feedback", "Client feedback"
    CAPTIONS_CHANGED = "captions.changed", "Captions changed"
    EXPORT_REQUESTED = "export.requested", "Download prepared"
    LINK_CREATED = "link.created", "Share link made"
    LINK_CHANGED = "link.changed", "Share link changed"
    LINK_REVOKED = "link.revoked", "Share link turned off"
    PROJECT_CREATED = "project.created", "Project made"
    PROJECT_CHANGED = "project.changed", "Project changed"
    MEMBER_INVITED = "member.invited", "Person invited"
    MEMBER_UNINVITED = "member.uninvited", "Invitation withdrawn"
    MEMBER_JOINED = "member.joined", "Person joined"
    MEMBER_ROLE_CHANGED = "member.role", "Role changed"
    MEMBER_REMOVED = "member.removed", "Person removed or left"
    TEAM_CHANGED = "team.changed", "Team settings changed"
    BUDGET_CHANGED = "budget.changed", "Budget changed"
    WEBHOOK_CHANGED = "webhook.changed", "Webhook changed"


class AppendOnly(models.QuerySet):
    """No bulk change or delete of audit rows from the app."""

    def update(self, **kwargs):
        raise PermissionError("Audit entries cannot be changed.")

    def delete(self):
        raise PermissionError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A team's entries stay as long as the team: its deletion is the only
    # way they go (CASCADE is the database's, not the app's).
    team = models.ForeignKey(Team, models.CASCADE, related_name="audit_entries")
    project = models.ForeignKey(Project, models.SET_NULL, null=True, blank=True, related_name="+")
    # Who: a member (kept by name when the account is gone), a client on a
    # share link (by the name they gave), or an operator's command.
    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    actor_name = models.CharField(max_length=300)
    kind = models.CharField(max_length=32, choices=AuditKind.choices)
    # What it was done to, in words at the time ("“Spring — EN” (video)"),
    # and its code for a link back while it exists.
    target = models.CharField(max_length=300, blank=True)
    target_code = models.CharField(max_length=64, blank=True)
    # The change in one plain sentence ("Role: Viewer → Editor").
    summary = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AppendOnly.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["team", "-created"], name="audit_team_idx"),
            models.Index(fields=["team", "kind", "-created"], name="audit_team_kind_idx"),
        ]

    def __str__(self):
        return f"{self.actor_name}: {self.get_kind_display()} {self.target}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")
