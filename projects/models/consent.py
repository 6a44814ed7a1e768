"""A portrait's consent: who is pictured, and that they agreed to be
animated for this team. A portrait without one (or whose consent was
withdrawn) is never rendered (`renders/services.py`), and the videos of a
withdrawn portrait leave every share link (`sharing/services.py`), both
derived from this row rather than copied onto renders."""

import uuid

from django.db import models
from django.utils import timezone

from projects.teams.names import refuse_control_characters

from .assets import Asset
from .teams import User

# Renders whose portrait's consent was withdrawn: they leave every share link
# the moment it is withdrawn, read from the consent row by each query.
CONSENT_WITHDRAWN = models.Q(portrait__consent__withdrawn_at__isnull=False)


def consent_document_path(consent, filename):
    # Private like every upload: served only to the team's owners through
    # an access-checked view; the person's file name is never a path.
    team_code = consent.portrait.team.code
    return f"teams/{team_code}/consent/{uuid.uuid4().hex}.{consent.document_extension}"


class PortraitConsent(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # One consent per portrait. Withdrawing is final for that portrait: the
    # person's face is not animated from it again, and to use them again
    # with a new agreement the photo is uploaded anew.
    portrait = models.OneToOneField(Asset, models.CASCADE, related_name="consent")
    person_name = models.CharField(max_length=200, validators=[refuse_control_characters])
    consent_date = models.DateField(help_text="When the person agreed.")
    confirmed_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    # Who confirmed when no member did (`enqueue_renders --consent`), or the
    # member's name as it was, kept if the account goes.
    confirmed_by_name = models.CharField(max_length=300)
    document = models.FileField(upload_to=consent_document_path, max_length=200, blank=True)
    document_label = models.CharField(max_length=200, blank=True)
    document_extension = models.CharField(max_length=5, blank=True)
    document_content_type = models.CharField(max_length=40, blank=True)
    created = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    withdraw_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.person_name} ({self.portrait.label})"

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None


def consent_of(portrait: Asset) -> PortraitConsent | None:
    """The portrait's consent row, or None (without a query when it was
    fetched with select_related("consent"))."""
    try:
        return portrait.consent
    except PortraitConsent.DoesNotExist:
        return None
