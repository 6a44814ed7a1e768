"""Clients answering in a review room: a comment pinned to a moment,
approving a video, or asking for changes with a reason.

Only on a link that allows it, only by a visitor of that link who gave a name
and an e-mail, only on that link's videos. What a client sees of the
conversation is what came through the same link: visitor names, never the
team's comments or names, never another link's comments. Comments are
limited per visitor and per link, counted in the database.
"""

from collections.abc import Sequence
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projects.audit.log import audit, client_actor, quoted, render_target
from projects.models import (
    AuditKind,
    Comment,
    CommentKind,
    LinkVisitor,
    Render,
    ReviewState,
    ShareLink,
    WebhookEvent,
)
from projects.reviews.services import check_moment, clean_body, moment_said
from projects.sharing.feedback_notify import feedback_told
from projects.sharing.services import sharelink_renders
from projects.webhooks.events import announce

# (how many, in what time): a visitor's and a whole link's comments and reviews.
VISITOR_LIMIT = (10, timedelta(minutes=10))
LINK_LIMIT = (100, timedelta(hours=1))

FEEDBACK_OFF = "The team has not asked for comments on this link. You can still watch the videos."
LINK_OFF = "This link has expired or was turned off. Ask the person who shared it for a new one."
INTRODUCE_FIRST = "Give your name and e-mail first (at the top of the page), then try again."
NOT_ON_LINK = "This video is not on this link."
WRITE_FIRST = "Write your comment first."
SAY_WHAT = "Say what should change, so the team knows what to do."
NOT_REVIEWABLE = "This video is being made again, so it cannot be approved or sent back just now."
VISITOR_TOO_MANY = (
    "You have sent {count} comments in the last {minutes} minutes, the most we take at once. "
    "Please wait a few minutes, then send the rest: nothing of this one was saved."
)
LINK_TOO_MANY = (
    "This link has received a lot of comments in the last hour. Please wait a while, then "
    "send yours again: nothing of this one was saved."
)

DECISIONS = {
    "approve": (CommentKind.APPROVAL, ReviewState.APPROVED),
    "changes": (CommentKind.CHANGES, ReviewState.CHANGES),
}


class TooMuchFeedback(Exception):
    """Over a rate limit: refused, nothing saved. Its text says so."""


def _check_allowed(link: ShareLink, visitor: LinkVisitor | None, render: Render):
    if not link.is_active:
        raise ValidationError(LINK_OFF)
    if not link.allow_feedback:
        raise ValidationError(FEEDBACK_OFF)
    if visitor is None or visitor.link_id != link.pk or not visitor.is_reviewer:
        raise ValidationError(INTRODUCE_FIRST)
    if not sharelink_renders(link).filter(pk=render.pk).exists():
        raise ValidationError(NOT_ON_LINK)


def _check_rate(link: ShareLink, visitor: LinkVisitor, now):
    count, window = VISITOR_LIMIT
    if Comment.objects.filter(visitor=visitor, created__gt=now - window).count() >= count:
        minutes = int(window.total_seconds() // 60)
        raise TooMuchFeedback(VISITOR_TOO_MANY.format(count=count, minutes=minutes))
    count, window = LINK_LIMIT
    if Comment.objects.filter(share_link=link, created__gt=now - window).count() >= count:
        raise TooMuchFeedback(LINK_TOO_MANY)


def _answer(*, link, visitor, render, kind, state, body, at_seconds) -> Comment:
    _check_allowed(link, visitor, render)
    body = clean_body(body)
    if not body and kind == CommentKind.COMMENT:
        raise ValidationError({"body": WRITE_FIRST})
    if not body and kind == CommentKind.CHANGES:
        raise ValidationError({"body": SAY_WHAT})
    at_seconds = check_moment(render, at_seconds)
    with transaction.atomic():
        now = timezone.now()
        _check_rate(link, visitor, now)
        before = render.get_review_state_display()
        if state is not None and not render.set_review(state, None, now, visitor=visitor):
            raise ValidationError(NOT_REVIEWABLE)
        comment = Comment.objects.create(
            render=render,
            author=None,
            visitor=visitor,
            share_link=link,
            kind=kind,
            body=body,
            at_seconds=at_seconds,
            created=now,
        )
        visitor.last_seen = now
        visitor.save(update_fields=["last_seen"])
        team = link.project.team
        review = f"Review: {before} → {ReviewState(state).label}. " if state is not None else ""
        audit(
            team,
            AuditKind.CLIENT_FEEDBACK,
            actor_name=client_actor(visitor, link),
            project=link.project,
            target=render_target(render),
            target_code=render.code,
            summary=review + moment_said(at_seconds) + quoted(body),
        )
        announce(WebhookEvent.CLIENT_FEEDBACK, team, render=render, comment=comment)
        if state is not None:
            announce(WebhookEvent.REVIEW_CHANGED, team, render=render, comment=comment)
    # The team hears of it once it is saved; a mail that fails fails alone.
    transaction.on_commit(lambda: feedback_told(comment_id=comment.pk))
    return comment


def client_comment(
    *,
    link: ShareLink,
    visitor: LinkVisitor | None,
    render: Render,
    body: str,
    at_seconds: float | None = None,
) -> Comment:
    """A client's remark on a video of the link, optionally at a moment."""
    return _answer(
        link=link,
        visitor=visitor,
        render=render,
        kind=CommentKind.COMMENT,
        state=None,
        body=body,
        at_seconds=at_seconds,
    )


def client_review(
    *,
    link: ShareLink,
    visitor: LinkVisitor | None,
    render: Render,
    decision: str,
    body: str = "",
    at_seconds: float | None = None,
) -> Comment:
    """A client approves a video ("approve", a note optional) or asks for
    changes ("changes", the reason required). The video's review state says
    so, and who: ``reviewed_by_visitor``."""
    if decision not in DECISIONS:
        raise ValidationError("Pick approve or ask for changes.")
    kind, state = DECISIONS[decision]
    return _answer(
        link=link,
        visitor=visitor,
        render=render,
        kind=kind,
        state=state,
        body=body,
        at_seconds=at_seconds,
    )


# --- Reading ------------------------------------------------------------------


def room_comments(link: ShareLink, renders: Sequence[Render]) -> dict[int, list[Comment]]:
    """What a client sees of each video's conversation: the comments and
    reviews given through this link, oldest first, by render id."""
    found = {render.pk: [] for render in renders}
    comments = (
        Comment.objects.filter(
            share_link=link, visitor__link=link, render_id__in=list(found), author__isnull=True
        )
        .select_related("visitor")
        .order_by("created", "pk")
    )
    for comment in comments:
        found[comment.render_id].append(comment)
    return found


def link_feedback(link: ShareLink, limit: int = 200):
    """What clients said through a link, newest first, for the team."""
    return (
        Comment.objects.filter(share_link=link, visitor__isnull=False)
        .select_related("visitor", "render")
        .order_by("-created", "-pk")[:limit]
    )
