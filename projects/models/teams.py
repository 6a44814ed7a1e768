import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from projects.teams.names import refuse_control_characters
from projects.teams.roles import Action, Role, role_can


class User(AbstractUser):
    """A person who logs in. People sign up with their e-mail address, which
    is also their username, so that the login form asks for one thing."""

    # A person's name is on every page and in e-mail subjects: one line.
    first_name = models.CharField(
        "first name", max_length=150, blank=True, validators=[refuse_control_characters]
    )
    last_name = models.CharField(
        "last name", max_length=150, blank=True, validators=[refuse_control_characters]
    )

    def __str__(self):
        return self.get_full_name() or self.email or self.username


class Team(models.Model):
    """A workspace: its members share projects, uploads and renders."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100, validators=[refuse_control_characters])
    created = models.DateTimeField(default=timezone.now)
    members = models.ManyToManyField(User, through="Membership", related_name="teams")
    # Set by an owner: members without two-step sign-in are asked to set it
    # up before they see the team's pages (projects/teams/access.py).
    require_mfa = models.BooleanField("members must use two-step sign-in", default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_is_known"
            ),
        ]
        ordering = ["team__name"]

    def __str__(self):
        return f"{self.user} in {self.team} ({self.get_role_display()})"

    def can(self, action: Action) -> bool:
        return role_can(self.role, action)
