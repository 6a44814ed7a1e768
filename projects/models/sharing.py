import hashlib
import secrets
import uuid

from django.db import models
from django.utils import timezone

from .projects import Project
from .renders import Render
from .roles_field import RoleField
from .teams import Team, User


def new_token() -> tuple[str, str]:
    """A token with 256 bits of randomness, and the hash we store of it. The
    token itself is shown once and never saved."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLink(models.Model):
    """A read-only link to a project's gallery, or to one render, for people
    without an account."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, models.CASCADE, related_name="share_links")
    render = models.ForeignKey(
        Render,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="share_links",
        help_text="Empty: the whole project gallery.",
    )
    label = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    allow_download = models.BooleanField(default=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.label

    @property
    def is_active(self):
        if self.revoked_at:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def revoke(self):
        if not self.revoked_at:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class Invite(models.Model):
    """An invitation to join a team with a role: a single-use link that
    expires, optionally sent to an e-mail address."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, models.CASCADE, related_name="invites")
    role = RoleField()
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Invite to {self.team} as {self.get_role_display()}"
