"""Telling the team a client answered through a link: a notice in the app
and an e-mail to each member who can act on it (editors and owners; the
video's maker among them while they still edit in the team), never viewers.
Once per client action. An e-mail that does not go fails alone."""

from django.conf import settings

from projects.models import Comment, CommentKind, Membership, NoticeKind, User
from projects.notices.telling import tell
from projects.teams.names import one_line
from projects.teams.roles import Action, role_can
from projects.wording import moment_words

QUOTE_CHARS = 140


def recipients(project) -> list[User]:
    """The members of the project's team with an editing role."""
    people = (
        Membership.objects.filter(team_id=project.team_id)
        .select_related("user")
        .order_by("user_id")
    )
    return [m.user for m in people if role_can(m.role, Action.EDIT) and m.user.is_active]


def feedback_words(comment: Comment) -> str:
    """ "Anna (client) approved “Astronaut — Spring EN” via the link “ACME”"."""
    name = one_line(comment.visitor.name) or "A client"
    title = one_line(comment.render.title) or f"video {comment.render.version}"
    label = one_line(comment.share_link.label)
    if comment.kind == CommentKind.APPROVAL:
        what = f"{name} (client) approved “{title}”"
    elif comment.kind == CommentKind.CHANGES:
        what = f"{name} (client) asked for changes to “{title}”"
    elif comment.at_seconds is not None:
        what = f"{name} (client) commented on “{title}” at {moment_words(comment.at_seconds)}"
    else:
        what = f"{name} (client) commented on “{title}”"
    return f"{what} via the link “{label}”"


def _quote(body: str, limit: int = QUOTE_CHARS) -> str:
    body = one_line(body)
    return body if len(body) <= limit else body[: limit - 1].rstrip() + "…"


def feedback_told(*, comment_id: int):
    comment = (
        Comment.objects.select_related("render__project", "visitor", "share_link")
        .filter(pk=comment_id, visitor__isnull=False)
        .first()
    )
    if comment is None:
        return
    render = comment.render
    people = recipients(render.project)
    words = feedback_words(comment)
    notice = f"{words}: “{_quote(comment.body)}”" if comment.body else f"{words}."
    address = f"{render.get_absolute_url()}#comment-{comment.code}"
    page = f"{settings.SITE_URL}{address}" if settings.SITE_URL else ""
    body = "\n\n".join(
        part
        for part in [
            f"{words}.",
            comment.body,
            f"Project: {one_line(render.project.name)}",
            f"See it in Avatar Studio: {page}" if page else "",
            "Avatar Studio",
        ]
        if part
    )
    for person in people:
        # An e-mail that fails is logged and left: the comment and the notice stand.
        tell(
            person,
            render=render,
            kind=NoticeKind.FEEDBACK,
            message=notice,
            subject=words,
            body=body,
        )
