"""What each role in a team may do: the one place where permissions live.

Views never compare role names; they ask ``role_can(role, Action.X)`` through
the access helpers in ``projects.teams.access``.
"""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


class Action(StrEnum):
    VIEW = "view"  # see projects, galleries, renders
    COMMENT = "comment"
    DOWNLOAD = "download"
    EDIT = "edit"  # projects, assets, renders and reviews
    MANAGE_MEMBERS = "manage_members"
    MANAGE_SHARES = "manage_shares"
    MANAGE_TEAM = "manage_team"  # rename the team
    MANAGE_BUDGET = "manage_budget"  # set monthly budgets, release held videos
    MANAGE_WEBHOOKS = "manage_webhooks"  # the team's outgoing webhooks and their deliveries
    VIEW_AUDIT = "view_audit"  # the team's audit trail and its CSV
    MANAGE_CONSENT = "manage_consent"  # see consent documents, withdraw a portrait's consent


_VIEWER = frozenset({Action.VIEW, Action.COMMENT, Action.DOWNLOAD})
_EDITOR = _VIEWER | {Action.EDIT}
_OWNER = _EDITOR | {
    Action.MANAGE_MEMBERS,
    Action.MANAGE_SHARES,
    Action.MANAGE_TEAM,
    Action.MANAGE_BUDGET,
    Action.MANAGE_WEBHOOKS,
    Action.VIEW_AUDIT,
    Action.MANAGE_CONSENT,
}

PERMISSIONS = {
    Role.VIEWER: _VIEWER,
    Role.EDITOR: _EDITOR,
    Role.OWNER: _OWNER,
}

ROLE_SUMMARIES = {
    Role.OWNER: "Everything, including members, share links and budgets.",
    Role.EDITOR: "Create and change projects, uploads, renders and reviews.",
    Role.VIEWER: "Watch, comment and download.",
}


def role_can(role, action):
    return action in PERMISSIONS.get(role, frozenset())


def least_role_for(action):
    """The first role, from the fewest rights up, that may do this (None: no role may)."""
    for role in (Role.VIEWER, Role.EDITOR, Role.OWNER):
        if role_can(role, action):
            return role
    return None
