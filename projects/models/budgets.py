from django.db import models
from django.utils import timezone

from .projects import Project
from .teams import Team, User

# Large enough for any real month, small enough to stay readable on a page.
MAX_MONTHLY_UNITS = 10_000_000


class Budget(models.Model):
    """How many Kling units a team may use in a calendar month: the whole
    team's (no project), or one project's. A render that would go over waits
    as "Over budget" (``projects/renders/holds.py``); the row is what a claim
    locks, so that two workers never overspend together."""

    team = models.ForeignKey(Team, models.CASCADE, related_name="budgets")
    project = models.OneToOneField(
        Project, models.CASCADE, null=True, blank=True, related_name="budget"
    )
    monthly_units = models.PositiveIntegerField()
    updated = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team"], condition=models.Q(project__isnull=True), name="one_team_budget"
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_units__lte=MAX_MONTHLY_UNITS),
                name="budget_units_in_range",
            ),
        ]

    def __str__(self):
        whose = self.project.name if self.project_id else self.team.name
        return f"{whose}: {self.monthly_units} units a month"
