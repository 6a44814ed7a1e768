import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from projects.teams.names import refuse_control_characters
from projects.wording import size_words

from .projects import Project
from .teams import Team, User


class AssetKind(models.TextChoices):
    PORTRAIT = "portrait", "Portrait"
    VOICEOVER = "voiceover", "Voiceover"


def asset_path(asset, filename):
    # The person's file name is only a label: on disk every file gets a
    # generated name, so nothing they type reaches a path.
    return f"teams/{asset.team.code}/assets/{uuid.uuid4().hex}.{asset.extension}"


class AssetQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def removed(self):
        return self.filter(deleted_at__isnull=False)

    def tagged(self, tag):
        """Assets with exactly this tag (tags are stored lower case, one space apart)."""
        return self.filter(
            Q(tags=tag)
            | Q(tags__startswith=f"{tag} ")
            | Q(tags__endswith=f" {tag}")
            | Q(tags__contains=f" {tag} ")
        )

    def search(self, text):
        """Assets whose label or tags contain every word of `text`."""
        found = self
        for word in text.split():
            found = found.filter(Q(label__icontains=word) | Q(tags__icontains=word.lower()))
        return found


class Asset(models.Model):
    """A portrait or a voiceover in a team's library, checked against Kling's
    limits when it was uploaded (and fixed where that was possible)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, models.CASCADE, related_name="assets")
    project = models.ForeignKey(
        Project, models.SET_NULL, null=True, blank=True, related_name="assets"
    )
    kind = models.CharField(max_length=10, choices=AssetKind.choices)
    file = models.FileField(upload_to=asset_path, max_length=200)
    label = models.CharField(
        max_length=200,
        validators=[refuse_control_characters],
        help_text="Its name in the library: the file name it was uploaded with, unless renamed.",
    )
    format = models.CharField(max_length=10)
    extension = models.CharField(max_length=5)
    content_type = models.CharField(max_length=40)
    bytes = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True, help_text="Seconds.")
    sample_rate = models.PositiveIntegerField(null=True, blank=True)
    channels = models.PositiveSmallIntegerField(null=True, blank=True)
    source_sha256 = models.CharField(
        max_length=64, help_text="Hash of the file as uploaded, to spot the same file twice."
    )
    notes = models.JSONField(default=list, blank=True, help_text="What we fixed on upload.")
    tags = models.CharField(
        max_length=400,
        blank=True,
        help_text="Words the team files it under: lower case, one space apart.",
    )
    # A voiceover's words as written, pasted by the team: its videos' captions
    # are timed to them instead of guessed by speech recognition.
    transcript = models.TextField(blank=True, max_length=5000)
    transcript_language = models.CharField(max_length=12, blank=True, default="en")
    uploaded_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "kind", "source_sha256"],
                condition=models.Q(deleted_at__isnull=True),
                name="one_live_asset_per_file",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AssetKind.values), name="asset_kind_is_known"
            ),
        ]
        indexes = [
            # The project page and the render form: a team's live assets of a kind.
            models.Index(fields=["team", "kind", "deleted_at", "-created"], name="asset_list_idx"),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("asset_file", args=[self.code])

    @property
    def is_deleted(self):
        """Removed from the library: its file is no longer served."""
        return self.deleted_at is not None

    @property
    def tag_list(self):
        return self.tags.split()

    def download_name(self):
        """The label as a file name with the extension of the file we keep:
        "Our CEO.HEIC" is served as "Our CEO.jpg", "Dr. Ada" as "Dr. Ada.png"."""
        stem, dot, suffix = self.label.rpartition(".")
        if not dot or not stem or not suffix.isalnum() or len(suffix) > 5:
            stem = self.label
        return f"{stem}.{self.extension}"

    @property
    def is_portrait(self):
        return self.kind == AssetKind.PORTRAIT

    def summary(self):
        """The measured facts in a marketer's words: "512 × 512 PNG, 791 KB"."""
        size = size_words(self.bytes)
        if self.is_portrait:
            return f"{self.width} × {self.height} {self.format.upper()}, {size}"
        return f"{self.duration:.1f} s {self.format.upper()}, {size}"

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])
