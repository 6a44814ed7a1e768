"""A finished video's content credentials: whether the C2PA manifest that
says how it was made is signed into its files, and what reading it back
found. Mixed into ``Render``; the signing is ``projects/credentials/``."""

from django.db import models

from .render_lifecycle import RenderStatus


class CredentialsState(models.TextChoices):
    # Not signed yet (a new video, one made before content credentials, or a
    # signing that failed): the worker tries again at credentials_retry_at.
    PENDING = "pending", "Not signed yet"
    SIGNED = "signed", "Valid"
    SELF_SIGNED = "self_signed", "Self-signed (development certificate)"
    # The stored file's manifest does not check out: it was changed after signing.
    INVALID = "invalid", "Invalid"


# The worker looks at these again (at credentials_retry_at, or now when unset).
RETRIED = [CredentialsState.PENDING]


class RenderCredentials(models.Model):
    credentials_state = models.CharField(
        max_length=12, choices=CredentialsState.choices, default=CredentialsState.PENDING
    )
    credentials_checked_at = models.DateTimeField(
        null=True, blank=True, help_text="When the signed files were last read back."
    )
    credentials_error = models.TextField(
        blank=True, help_text="Why the last signing failed, in plain words (no key material)."
    )
    credentials_attempts = models.PositiveIntegerField(default=0)
    credentials_retry_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Signing is not tried again before this (a worker's claim, or a wait "
        "after a failed try).",
    )

    class Meta:
        abstract = True

    @property
    def has_valid_credentials(self):
        return self.credentials_state in (CredentialsState.SIGNED, CredentialsState.SELF_SIGNED)

    def record_credentials(self, state, *, now, error="", retry_at=None, attempts=None) -> bool:
        """Store what signing and reading back found (never touches status)."""
        updates = {
            "credentials_state": state,
            "credentials_checked_at": now,
            "credentials_error": error[:500],
            "credentials_retry_at": retry_at,
        }
        if attempts is not None:
            updates["credentials_attempts"] = attempts
        changed = type(self).objects.filter(pk=self.pk).update(**updates)
        for name, value in updates.items():
            setattr(self, name, value)
        return bool(changed)


def due_for_credentials(queryset, now):
    """Done videos whose signing is due: never tried, or waited long enough."""
    return (
        queryset.filter(status=RenderStatus.DONE, credentials_state__in=RETRIED)
        .exclude(video="")
        .filter(
            models.Q(credentials_retry_at__isnull=True) | models.Q(credentials_retry_at__lte=now)
        )
    )


def claim_for_credentials(queryset, render_id, now, *, lease):
    """Claim one due render for signing: a conditional UPDATE, so two workers
    (or a duplicate task) never sign the same video at once."""
    claimed = due_for_credentials(queryset.filter(pk=render_id), now).update(
        credentials_retry_at=now + lease
    )
    return queryset.filter(pk=render_id).first() if claimed else None
