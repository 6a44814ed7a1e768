from django.db import models

from projects.teams.roles import Role


class RoleField(models.CharField):
    """A team role (owner, editor, viewer), stored as its name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("choices", Role.choices)
        kwargs.setdefault("default", Role.VIEWER)
        super().__init__(*args, **kwargs)
