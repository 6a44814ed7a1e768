"""Inviting people to a team: by e-mail or by a link passed on, single use,
with an expiry. Members join only by accepting an invitation."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from projects.audit.log import audit, person_target
from projects.links import absolute_url, lookup_hash
from projects.mail import send
from projects.models import AuditKind, Invite, Membership, Team, User, new_token
from projects.teams.names import one_line
from projects.teams.roles import Role
from projects.wording import quantity

INVITE_DAYS = 7


class InviteRefused(Exception):
    """Why an invitation cannot be used, in words for the person holding it."""

    def __init__(self, message: str, *, status: int = 410):
        super().__init__(message)
        self.message = message
        self.status = status


def invite_url(token: str) -> str:
    return reverse("invite_accept", args=[token])


def invite_create(
    *,
    team: Team,
    created_by: User,
    role: str,
    email: str = "",
    days: int = INVITE_DAYS,
    request: HttpRequest | None = None,
) -> tuple[Invite, str]:
    """A single-use invitation; with an e-mail address it is sent there and
    works only for that address's account. Returns it with its token."""
    if role not in Role.values:
        raise ValidationError("Pick one of the roles: owner, editor or viewer.")
    email = User.objects.normalize_email(email).strip().lower() if email else ""
    if email and Membership.objects.filter(team=team, user__email__iexact=email).exists():
        raise ValidationError(f"{email} is already a member of {team}.")
    token, token_hash = new_token()
    with transaction.atomic():
        invite = Invite.objects.create(
            team=team,
            role=role,
            email=email,
            token_hash=token_hash,
            created_by=created_by,
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit(
            team,
            AuditKind.MEMBER_INVITED,
            user=created_by,
            target=email or "Anyone with the invitation link",
            target_code=invite.code,
            summary=f"As {invite.get_role_display().lower()}, for {quantity(days, 'day')}",
        )
    # The invitation stands whatever happens to the e-mail: the owner is
    # shown the link and can pass it on (invite.mail_failed says so).
    invite.mail_failed = bool(email) and not _send_invite(invite, token, request)
    return invite, token


def _send_invite(invite: Invite, token: str, request: HttpRequest | None) -> bool:
    # Names written before they had to fit on one line must not shape the mail.
    inviter, team = one_line(str(invite.created_by)), one_line(invite.team.name)
    link = absolute_url(invite_url(token), request)
    role = invite.get_role_display().lower()
    days = max(1, round((invite.expires_at - timezone.now()) / timedelta(days=1)))
    return send(
        subject=f"{inviter} invited you to {team} on Avatar Studio",
        body=(
            f"Hello,\n\n"
            f"{inviter} invited you to join the team “{team}” on Avatar Studio "
            f"as {'an' if role[0] in 'aeiou' else 'a'} {role}.\n\n"
            f"Open this link to join (it works once, for {invite.email}, "
            f"for the next {quantity(days, 'day')}):\n\n"
            f"{link}\n\n"
            "If you do not have an account yet, you can create one with this e-mail "
            "address from that page.\n\n"
            "If you did not expect this, you can ignore this e-mail.\n"
        ),
        to=invite.email,
    )


def invite_resolve(token: str) -> Invite | None:
    """The invitation for this token in whatever state it is, or None."""
    token_hash = lookup_hash(token)
    if token_hash is None:
        return None
    return Invite.objects.select_related("team", "created_by").filter(token_hash=token_hash).first()


def invite_check(*, invite: Invite, user: User | None = None) -> None:
    """Raise InviteRefused when this invitation cannot be used (by this user)."""
    if invite.revoked_at:
        raise InviteRefused(
            "This invitation was withdrawn. Ask the person who invited you for a new one."
        )
    if invite.accepted_at:
        raise InviteRefused(
            "This invitation was already used. Each invitation works once: "
            "ask the person who invited you for a new one."
        )
    if invite.expires_at <= timezone.now():
        raise InviteRefused(
            "This invitation has expired. Ask the person who invited you for a new one."
        )
    if user is not None and invite.email and (user.email or "").lower() != invite.email:
        raise InviteRefused(
            "This invitation was sent to a different e-mail address. Log in with the "
            "account for that address to join, or ask for an invitation for this account.",
            status=403,
        )


def invite_accept(*, invite: Invite, user: User) -> tuple[Membership, bool]:
    """Join the team. Returns the membership and whether it is new; someone
    already in the team keeps their role and the invitation stays unused."""
    invite_check(invite=invite, user=user)
    existing = Membership.objects.filter(team_id=invite.team_id, user=user).first()
    if existing:
        return existing, False
    now = timezone.now()
    try:
        with transaction.atomic():
            # Claim the invitation first: of two people (or two tabs) using it
            # at once, only the one whose update changes the row joins.
            claimed = Invite.objects.filter(
                pk=invite.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
            ).update(accepted_at=now, accepted_by=user)
            if claimed != 1:
                invite.refresh_from_db()
                invite_check(invite=invite, user=user)
                raise InviteRefused("This invitation can no longer be used.")
            membership = Membership.objects.create(
                team_id=invite.team_id, user=user, role=invite.role
            )
            audit(
                invite.team,
                AuditKind.MEMBER_JOINED,
                user=user,
                target=person_target(user),
                target_code=membership.code,
                summary=f"Joined as {membership.get_role_display().lower()} by an invitation",
            )
    except IntegrityError:
        # They joined in another tab a moment ago.
        return Membership.objects.get(team_id=invite.team_id, user=user), False
    invite.accepted_at, invite.accepted_by = now, user
    return membership, True


@transaction.atomic
def invite_revoke(*, invite: Invite, by: User | None = None) -> Invite:
    if not invite.revoked_at and not invite.accepted_at:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])
        audit(
            invite.team,
            AuditKind.MEMBER_UNINVITED,
            user=by,
            target=invite.email or "Anyone with the invitation link",
            target_code=invite.code,
            summary=f"Invitation as {invite.get_role_display().lower()} withdrawn",
        )
    return invite


def invites_pending(team: Team):
    return team.invites.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("created_by")
