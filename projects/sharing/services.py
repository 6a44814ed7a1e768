"""Share links and team invitations: the flows views and the admin trigger.

Both hand out a secret token once and keep only its SHA-256 hash, so that a
copy of the database gives nobody a working link.
"""

import logging
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from projects.audit.log import audit, link_target
from projects.exports.services import queue_labelled_copies
from projects.links import TOKEN_MAX_LENGTH
from projects.models import (
    CONSENT_WITHDRAWN,
    AuditKind,
    Project,
    Render,
    ReviewState,
    SharedVideo,
    ShareLink,
    User,
    sharelink_lookup_hash,
    sharelink_token,
)

log = logging.getLogger(__name__)

# A share page and every byte range of its video would each write
# last_used_at; once a minute is precise enough to tell whether a link is used.
LAST_USED_PRECISION = timedelta(minutes=1)


# --- Share links --------------------------------------------------------------


def sharelink_url(token: str) -> str:
    return reverse("share_page", args=[token])


def shareable(project: Project):
    """The videos of a project that may go on a link: finished, not sent
    back with changes requested, and their portrait's consent not withdrawn."""
    return (
        Render.objects.in_stages("done")
        .filter(project=project)
        .exclude(review_state=ReviewState.CHANGES)
        .exclude(CONSENT_WITHDRAWN)
    )


def check_shareable(project: Project, renders: Sequence[Render]) -> list[Render]:
    """`renders` without repeats, in their order; refused in plain words,
    changing nothing, when one is of another project or cannot be shared."""
    chosen, seen = [], set()
    allowed = set(
        shareable(project).filter(pk__in=[r.pk for r in renders]).values_list("pk", flat=True)
    )
    for render in renders:
        if render.project_id != project.pk:
            raise ValidationError("This video belongs to another project.")
        if render.pk not in allowed:
            raise ValidationError(
                f"“{render.title or 'This video'}” cannot be shared: "
                + (
                    "the person in its portrait withdrew their consent."
                    if Render.objects.filter(CONSENT_WITHDRAWN, pk=render.pk).exists()
                    else "only finished videos without requested changes can."
                )
            )
        if render.pk not in seen:
            seen.add(render.pk)
            chosen.append(render)
    return chosen


@transaction.atomic
def sharelink_create(
    *,
    project: Project,
    created_by: User | None,
    label: str,
    renders: Sequence[Render] = (),
    expires_at: datetime | None = None,
    allow_download: bool = False,
    allow_feedback: bool = False,
    ai_label: bool = True,
) -> tuple[ShareLink, str]:
    """A new link showing exactly `renders`, in that order; returns it with
    its token (derived from the link's secret, never stored)."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError("Pick an end date in the future.")
    chosen = check_shareable(project, renders)
    secret = secrets.token_urlsafe(32)
    token = sharelink_token(secret)
    link = ShareLink.objects.create(
        project=project,
        label=label.strip()[:100],
        token_hash=sharelink_lookup_hash(token),
        secret=secret,
        allow_download=allow_download,
        allow_feedback=allow_feedback,
        ai_label=ai_label,
        expires_at=expires_at,
        created_by=created_by,
    )
    SharedVideo.objects.bulk_create(
        SharedVideo(link=link, render=render, position=n, added_by=created_by)
        for n, render in enumerate(chosen)
    )
    settings = [
        f"{len(chosen)} video{'s' if len(chosen) != 1 else ''}",
        f"ends {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else "no end date",
        "downloads on" if allow_download else "watch only",
        "client feedback on" if allow_feedback else "",
    ]
    audit(
        project.team,
        AuditKind.LINK_CREATED,
        user=created_by,
        project=project,
        target=link_target(link),
        target_code=link.code,
        summary=", ".join(filter(None, settings)).capitalize(),
    )
    queue_labelled_copies(link)
    return link, token


@transaction.atomic
def sharelink_revoke(*, link: ShareLink, by: User | None = None) -> ShareLink:
    if not link.revoked_at:
        link.revoke()
        audit(
            link.project.team,
            AuditKind.LINK_REVOKED,
            user=by,
            project=link.project,
            target=link_target(link),
            target_code=link.code,
            summary="Nobody can open it any more",
        )
    return link


def sharelink_resolve(token: str) -> ShareLink | None:
    """The active link for this token, or None when there is none, or it was
    revoked, or it expired. Notes when it was last used."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    link = (
        ShareLink.objects.select_related("project", "project__team")
        .filter(token_hash=sharelink_lookup_hash(token))
        .first()
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
    """The videos a link shows, in the order the team chose: only those still
    finished (a video being made again is not shown half-way), and none
    whose portrait's consent was withdrawn: every page, file, ZIP, embed and
    caption of a link reads this, so withdrawing hides them all at once."""
    return (
        Render.objects.in_stages("done")
        .filter(shared_on__link=link)
        .exclude(CONSENT_WITHDRAWN)
        .order_by("shared_on__position", "shared_on__pk")
    )


def sharelink_render(link: ShareLink, render_code) -> Render | None:
    """One render inside the link's scope, or None."""
    try:
        return sharelink_renders(link).get(code=render_code)
    except (Render.DoesNotExist, ValueError, ValidationError):
        return None


# --- Invitations --------------------------------------------------------------
