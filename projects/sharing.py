"""Share links and team invitations: the flows views and the admin trigger.

Both hand out a secret token once and keep only its SHA-256 hash, so that a
copy of the database gives nobody a working link.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from projects.models import (
    Invite,
    Membership,
    Project,
    Render,
    RenderStatus,
    ShareLink,
    Team,
    User,
    hash_token,
    new_token,
)
from projects.roles import Role
from projects.wording import quantity

log = logging.getLogger(__name__)

INVITE_DAYS = 7
# A share page and every byte range of its video would each write
# last_used_at; once a minute is precise enough to tell whether a link is used.
LAST_USED_PRECISION = timedelta(minutes=1)
# token_urlsafe(32) is 43 characters; anything much longer is not one of ours.
_TOKEN_MAX_LENGTH = 64


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """The address people outside the app open: SITE_URL when it is set
    (e-mails must not depend on the Host header), else the request's own."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def _lookup_hash(token: str) -> str | None:
    if not token or len(token) > _TOKEN_MAX_LENGTH:
        return None
    return hash_token(token)


# --- Share links --------------------------------------------------------------


def sharelink_url(token: str) -> str:
    return reverse("share_page", args=[token])


def sharelink_create(
    *,
    project: Project,
    created_by: User | None,
    label: str,
    render: Render | None = None,
    expires_at: datetime | None = None,
    allow_download: bool = False,
) -> tuple[ShareLink, str]:
    """A new read-only link; returns it with its token, which is never stored."""
    if render is not None and render.project_id != project.pk:
        raise ValidationError("This video belongs to another project.")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError("Pick an end date in the future.")
    token, token_hash = new_token()
    link = ShareLink.objects.create(
        project=project,
        render=render,
        label=label.strip()[:100],
        token_hash=token_hash,
        allow_download=allow_download,
        expires_at=expires_at,
        created_by=created_by,
    )
    return link, token


def sharelink_revoke(*, link: ShareLink) -> ShareLink:
    link.revoke()
    return link


def sharelink_resolve(token: str) -> ShareLink | None:
    """The active link for this token, or None when there is none, or it was
    revoked, or it expired. Notes when it was last used."""
    token_hash = _lookup_hash(token)
    if token_hash is None:
        return None
    link = (
        ShareLink.objects.select_related("project", "render").filter(token_hash=token_hash).first()
    )
    if link is None or not link.is_active:
        return None
    now = timezone.now()
    if link.last_used_at is None or link.last_used_at < now - LAST_USED_PRECISION:
        ShareLink.objects.filter(pk=link.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
        ).update(last_used_at=now)
        link.last_used_at = now
    return link


def sharelink_renders(link: ShareLink):
    """The finished videos a link shows: the project's, or its one render's."""
    renders = Render.objects.filter(project_id=link.project_id, status=RenderStatus.DONE)
    if link.render_id:
        renders = renders.filter(pk=link.render_id)
    return renders.order_by("-created")


def sharelink_render(link: ShareLink, render_code) -> Render | None:
    """One render inside the link's scope, or None."""
    try:
        return sharelink_renders(link).get(code=render_code)
    except (Render.DoesNotExist, ValueError, ValidationError):
        return None


# --- Invitations --------------------------------------------------------------


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
    invite = Invite.objects.create(
        team=team,
        role=role,
        email=email,
        token_hash=token_hash,
        created_by=created_by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    # The invitation stands even when the mail server is down: the owner is
    # shown the link and can pass it on (invite.mail_failed says so).
    invite.mail_failed = False
    if email:
        try:
            _send_invite(invite, token, request)
        except (smtplib.SMTPException, OSError):
            log.exception("Could not send the invitation to %s", email)
            invite.mail_failed = True
    return invite, token


def _send_invite(invite: Invite, token: str, request: HttpRequest | None) -> None:
    inviter = invite.created_by
    link = absolute_url(invite_url(token), request)
    role = invite.get_role_display().lower()
    days = max(1, round((invite.expires_at - timezone.now()) / timedelta(days=1)))
    send_mail(
        subject=f"{inviter} invited you to {invite.team} on Avatar Studio",
        message=(
            f"Hello,\n\n"
            f"{inviter} invited you to join the team “{invite.team}” on Avatar Studio "
            f"as {'an' if role[0] in 'aeiou' else 'a'} {role}.\n\n"
            f"Open this link to join (it works once, for {invite.email}, "
            f"for the next {quantity(days, 'day')}):\n\n"
            f"{link}\n\n"
            "If you do not have an account yet, you can create one with this e-mail "
            "address from that page.\n\n"
            "If you did not expect this, you can ignore this e-mail.\n"
        ),
        from_email=None,
        recipient_list=[invite.email],
    )


def invite_resolve(token: str) -> Invite | None:
    """The invitation for this token in whatever state it is, or None."""
    token_hash = _lookup_hash(token)
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
    except IntegrityError:
        # They joined in another tab a moment ago.
        return Membership.objects.get(team_id=invite.team_id, user=user), False
    invite.accepted_at, invite.accepted_by = now, user
    return membership, True


def invite_revoke(*, invite: Invite) -> Invite:
    if not invite.revoked_at and not invite.accepted_at:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])
    return invite


def invites_pending(team: Team):
    return team.invites.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("created_by")
