"""Multi-step flows shared by views, the worker, commands and the admin."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction

from projects.audit.log import audit, person_target, project_target
from projects.models import AuditKind, Membership, Project, Team, User
from projects.teams.roles import Role


@transaction.atomic
def user_sign_up(*, email: str, password: str, name: str = "") -> User:
    """Create a person whose e-mail address counts as verified, with a team of
    their own where they are the owner: the demo account, and tests. People
    sign up on the site through allauth, which verifies the address first
    (``projects.teams.adapter``)."""
    email = User.objects.normalize_email(email).lower()
    user = User(username=email, email=email, first_name=name.strip()[:150])
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    personal_team_ensure(user)
    return user


def personal_team_name(user: User) -> str:
    return f"{user.first_name.strip() or user.email.split('@')[0]}'s team"


@transaction.atomic
def personal_team_ensure(user: User) -> Team | None:
    """A team of their own for someone in no team yet; None when they are in one."""
    if Membership.objects.filter(user=user).exists():
        return None
    return team_create(owner=user, name=personal_team_name(user))


@transaction.atomic
def team_create(*, owner: User, name: str) -> Team:
    team = Team.objects.create(name=name[:100])
    Membership.objects.create(team=team, user=owner, role=Role.OWNER)
    audit(team, AuditKind.TEAM_CHANGED, user=owner, summary=f"Team “{team.name}” made")
    return team


@transaction.atomic
def project_create(*, team: Team, created_by: User, name: str, description: str = "") -> Project:
    project = Project.objects.create(
        team=team, created_by=created_by, name=name, description=description
    )
    audit(
        team,
        AuditKind.PROJECT_CREATED,
        user=created_by,
        project=project,
        target=project_target(project),
        target_code=project.code,
    )
    return project


@transaction.atomic
def team_rename_save(team: Team, name: str, by: User) -> Team:
    before = team.name
    team.name = name
    team.save(update_fields=["name"])
    audit(team, AuditKind.TEAM_CHANGED, user=by, summary=f"Name: “{before}” → “{name}”")
    return team


@transaction.atomic
def team_require_mfa(team: Team, wanted: bool, by: User) -> None:
    if wanted == team.require_mfa:
        return
    team.require_mfa = wanted
    team.save(update_fields=["require_mfa"])
    words = {True: "required", False: "optional"}
    summary = f"Two-step sign-in: {words[not wanted]} → {words[wanted]}"
    audit(team, AuditKind.TEAM_CHANGED, user=by, summary=summary)


def audit_project(project: Project, by: User | None, summary: str) -> None:
    audit(
        project.team,
        AuditKind.PROJECT_CHANGED,
        user=by,
        project=project,
        target=project_target(project),
        target_code=project.code,
        summary=summary,
    )


def audit_member(membership: Membership, kind: str, by: User | None, summary: str):
    audit(
        membership.team,
        kind,
        user=by,
        target=person_target(membership.user),
        target_code=membership.code,
        summary=summary,
    )


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, by: User | None = None
) -> Membership:
    # Lock the team's owners so two owners demoting each other at once cannot
    # leave the team with none.
    owners = list(
        Membership.objects.select_for_update().filter(team_id=membership.team_id, role=Role.OWNER)
    )
    if membership.role == Role.OWNER and role != Role.OWNER and len(owners) == 1:
        raise ValidationError("A team needs at least one owner. Make someone else an owner first.")
    before = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    if membership.get_role_display() != before:
        summary = f"Role: {before} → {membership.get_role_display()}"
        audit_member(membership, AuditKind.MEMBER_ROLE_CHANGED, by, summary)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User | None = None) -> None:
    owners = list(
        Membership.objects.select_for_update().filter(team_id=membership.team_id, role=Role.OWNER)
    )
    if membership.role == Role.OWNER and len(owners) == 1:
        raise ValidationError(
            "A team needs at least one owner. Make someone else an owner before removing this one."
        )
    summary = f"Removed ({membership.get_role_display()})"
    audit_member(membership, AuditKind.MEMBER_REMOVED, by, summary)
    membership.delete()


@transaction.atomic
def membership_leave(*, membership: Membership) -> None:
    """Leave a team of one's own accord. The last owner stays: a team is
    never left without one. Leaving one's only team leaves one in none (the
    team list then offers to create one)."""
    owners = list(
        Membership.objects.select_for_update().filter(team_id=membership.team_id, role=Role.OWNER)
    )
    if membership.role == Role.OWNER and [o.pk for o in owners] == [membership.pk]:
        raise ValidationError(
            f"You are the last owner of {membership.team}: make someone else an owner first, "
            "or invite a colleague as an owner and leave once they have joined."
        )
    summary = f"Left the team ({membership.get_role_display()})"
    audit_member(membership, AuditKind.MEMBER_REMOVED, membership.user, summary)
    membership.delete()
