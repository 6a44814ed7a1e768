"""Reviewing renders and talking about them: approve, request changes and
comment, each comment optionally pinned to a moment of the video.

A review is kept as a comment of its own kind, so that a render's page reads
as one conversation; the render also remembers its latest review state for
the gallery's cards and filters.
"""

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projects.audit.log import audit, quoted, render_target
from projects.models import (
    AuditKind,
    Comment,
    CommentKind,
    Render,
    ReviewState,
    User,
    WebhookEvent,
)
from projects.reviews.notify import changes_requested_told
from projects.webhooks.events import announce
from projects.wording import moment_words

# The player's idea of a video's length and the length we measured can differ
# by a frame or two; a moment pinned at the very end must still be accepted.
END_TOLERANCE_SECONDS = 0.25
MAX_COMMENT_CHARS = 2000


def check_moment(render: Render, at_seconds: float | None) -> float | None:
    """The moment a comment is pinned to, checked against the video's length
    (None: the whole video). Team and client comments both go through it."""
    if at_seconds is None:
        return None
    if not math.isfinite(at_seconds) or at_seconds < 0:
        raise ValidationError({"at": "A moment cannot be before the start of the video."})
    if not render.duration:
        raise ValidationError(
            {"at": "This video has no length yet, so a comment cannot be pinned to a moment."}
        )
    if at_seconds > render.duration + END_TOLERANCE_SECONDS:
        end = moment_words(render.duration)
        raise ValidationError(
            {
                "at": f"This video is {render.duration:.1f} s long: pick a moment "
                f"between 0:00 and {end}."
            }
        )
    return round(min(at_seconds, render.duration), 2)


def clean_body(body: str) -> str:
    """A comment's text without surrounding blanks, refused above the limit."""
    body = (body or "").strip()
    if len(body) > MAX_COMMENT_CHARS:
        raise ValidationError(
            {"body": f"A comment can be at most {MAX_COMMENT_CHARS} characters long."}
        )
    return body


def moment_said(at_seconds: float | None) -> str:
    return f"At {moment_words(at_seconds)}: " if at_seconds is not None else ""


@transaction.atomic
def comment_add(
    *, render: Render, author: User, body: str, at_seconds: float | None = None
) -> Comment:
    """Add a remark to a render's conversation, optionally about one moment."""
    body = clean_body(body)
    if not body:
        raise ValidationError({"body": "Write your comment first."})
    at_seconds = check_moment(render, at_seconds)
    comment = Comment.objects.create(
        render=render, author=author, kind=CommentKind.COMMENT, body=body, at_seconds=at_seconds
    )
    audit(
        render.project.team,
        AuditKind.COMMENT_ADDED,
        user=author,
        project=render.project,
        target=render_target(render),
        target_code=render.code,
        summary=moment_said(at_seconds) + quoted(body),
    )
    return comment


@transaction.atomic
def _review(
    *, render: Render, reviewed_by: User, state: str, kind: str, body: str, at_seconds
) -> Comment:
    if not render.can_review:
        raise ValidationError("Only a finished video can be reviewed.")
    at_seconds = check_moment(render, at_seconds)
    now = timezone.now()
    before = render.get_review_state_display()
    if not render.set_review(state, reviewed_by, now):
        raise ValidationError("Only a finished video can be reviewed.")
    comment = Comment.objects.create(
        render=render,
        author=reviewed_by,
        kind=kind,
        body=body,
        at_seconds=at_seconds,
        created=now,
    )
    audit(
        render.project.team,
        AuditKind.REVIEW_CHANGED,
        user=reviewed_by,
        project=render.project,
        target=render_target(render),
        target_code=render.code,
        summary=f"Review: {before} → {ReviewState(state).label}. "
        + moment_said(at_seconds)
        + quoted(body),
    )
    announce(WebhookEvent.REVIEW_CHANGED, render.project.team, render=render, comment=comment)
    return comment


def render_approve(
    *, render: Render, reviewed_by: User, body: str = "", at_seconds: float | None = None
) -> Comment:
    """Mark a finished video as approved; a note is optional."""
    return _review(
        render=render,
        reviewed_by=reviewed_by,
        state=ReviewState.APPROVED,
        kind=CommentKind.APPROVAL,
        body=clean_body(body),
        at_seconds=at_seconds,
    )


def render_request_changes(
    *, render: Render, reviewed_by: User, body: str, at_seconds: float | None = None
) -> Comment:
    """Ask for changes to a finished video. The comment is required: it is
    what the person making the next version works from."""
    body = clean_body(body)
    if not body:
        raise ValidationError({"body": "Say what should change, so the team knows what to do."})
    comment = _review(
        render=render,
        reviewed_by=reviewed_by,
        state=ReviewState.CHANGES,
        kind=CommentKind.CHANGES,
        body=body,
        at_seconds=at_seconds,
    )
    # The video's maker works from it: they are told once it is saved.
    transaction.on_commit(lambda: changes_requested_told(comment_id=comment.pk))
    return comment


def conversation(render: Render):
    """A render's conversation for the team, oldest first: members' comments
    and reviews, and clients' (with the visitor and the link they came by)."""
    return render.comments.select_related("author", "visitor", "share_link")


# --- The comment box on a render's page ----------------------------------
