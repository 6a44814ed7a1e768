"""Share links and team invitations: the flows views and the admin trigger.

Both hand out a secret token once and keep only its SHA-256 hash, so that a
copy of the database gives nobody a working link.
"""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from projects.links import lookup_hash
from projects.models import (
    Project,
    Render,
    ShareLink,
    User,
    new_token,
)

log = logging.getLogger(__name__)

# A share page and every byte range of its video would each write
# last_used_at; once a minute is precise enough to tell whether a link is used.
LAST_USED_PRECISION = timedelta(minutes=1)


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
    token_hash = lookup_hash(token)
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
    renders = Render.objects.in_stages("done").filter(project_id=link.project_id)
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
