import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone

from projects.teams.names import refuse_control_characters

from .teams import Team, User


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Project(models.Model):
    """A marketer's campaign: the uploads, renders and gallery that go together."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, models.CASCADE, related_name="projects")
    name = models.CharField(max_length=120, validators=[refuse_control_characters])
    description = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated"]
        indexes = [
            # The project list: a team's projects, active ones first, newest first.
            models.Index(fields=["team", "archived_at", "-updated"], name="project_list_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("project_detail", args=[self.code])

    @property
    def is_archived(self):
        return self.archived_at is not None

    def archive(self):
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at", "updated"])

    def unarchive(self):
        self.archived_at = None
        self.save(update_fields=["archived_at", "updated"])
