import base64
import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
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


def _site_key(purpose: str) -> bytes:
    return hashlib.sha256(f"share-link:{purpose}:{settings.SECRET_KEY}".encode()).digest()


def sharelink_lookup_hash(token: str) -> str:
    """What a share link is found by: an HMAC, keyed with the site's key, of
    the token's SHA-256. The database alone opens nothing, and rotating
    SECRET_KEY turns every link off at once (old links included)."""
    digest = hashlib.sha256(token.encode()).digest()
    return hmac.new(_site_key("lookup"), digest, hashlib.sha256).hexdigest()


def sharelink_token(secret: str) -> str:
    """A link's token, derived from its stored secret with the site's key:
    the links page can show it again any time, the database alone cannot."""
    mac = hmac.new(_site_key("token"), secret.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


class ShareLink(models.Model):
    """A review room: the videos a team chose, in the order chosen, for
    people without an account. Clients may comment and approve when the team
    allows it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, models.CASCADE, related_name="share_links")
    renders = models.ManyToManyField(
        Render, through="SharedVideo", related_name="share_links", blank=True
    )
    label = models.CharField(max_length=100)
    token_hash = models.CharField(
        max_length=64, unique=True, editable=False, help_text="sharelink_lookup_hash(token)."
    )
    secret = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The token is derived from it with the site's key. Empty for links made "
        "before links could be copied again: their token was shown once.",
    )
    allow_download = models.BooleanField(default=False)
    allow_feedback = models.BooleanField(
        default=False, help_text="Clients may comment and approve or ask for changes."
    )
    # The visible "AI-generated" label on the room, the embed and downloads
    # (EU AI Act Art. 50(4)): on unless an owner turned it off, knowingly.
    ai_label = models.BooleanField(
        default=True, help_text="Show the “AI-generated” label on the videos and their downloads."
    )
    password_hash = models.CharField(max_length=128, blank=True, editable=False)
    embed_sites = models.TextField(
        blank=True,
        help_text="Sites that may embed the videos, one per line (https://example.com). "
        "Empty: any https site.",
    )
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

    def token(self) -> str | None:
        """The token in the link's address; None for a link made before
        tokens were derived (it cannot be shown again)."""
        return sharelink_token(self.secret) if self.secret else None

    def revoke(self):
        if not self.revoked_at:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class SharedVideo(models.Model):
    """One video on a link, at its place in the order the team chose."""

    link = models.ForeignKey(ShareLink, models.CASCADE, related_name="entries")
    render = models.ForeignKey(Render, models.CASCADE, related_name="shared_on")
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["link", "render"], name="one_entry_per_video_per_link")
        ]

    def __str__(self):
        return f"{self.render} on {self.link}"


class LinkVisitor(models.Model):
    """Someone who opened a link, known by a random id in a cookie for that
    link (no IP address is kept). A client who comments gives a name and an
    e-mail once; they are shown to the team, never to other visitors."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    link = models.ForeignKey(ShareLink, models.CASCADE, related_name="visitors")
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    opens = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["first_seen"]

    def __str__(self):
        return self.name or f"Visitor {self.code.hex[:8]}"

    @property
    def is_reviewer(self):
        """Gave a name and an e-mail: may comment when the link allows it."""
        return bool(self.name and self.email)


class VideoWatch(models.Model):
    """How one visitor watched one video of a link: plays, and the largest
    share of the video they have seen (0 to 1)."""

    link = models.ForeignKey(ShareLink, models.CASCADE, related_name="watches")
    visitor = models.ForeignKey(LinkVisitor, models.CASCADE, related_name="watches")
    render = models.ForeignKey(Render, models.CASCADE, related_name="+")
    plays = models.PositiveIntegerField(default=0)
    watched = models.FloatField(default=0)
    first_at = models.DateTimeField(default=timezone.now)
    last_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "render"], name="one_watch_per_visitor_and_video"
            ),
            models.CheckConstraint(
                condition=models.Q(watched__gte=0, watched__lte=1), name="watched_is_a_fraction"
            ),
        ]

    def __str__(self):
        return f"{self.visitor} watched {self.watched:.0%} of {self.render}"


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
