"""Telling a video's maker that a teammate asked for changes to it: a notice
in the app and an e-mail as they chose. Nobody is told about their own
review, nor once they have left the team."""

from django.conf import settings

from projects.models import Comment, CommentKind, Membership, NoticeKind
from projects.notices.telling import tell
from projects.renders.titles import shown_title
from projects.teams.names import one_line

QUOTE_CHARS = 140


def changes_requested_told(*, comment_id: int):
    comment = (
        Comment.objects.select_related("render__project", "render__created_by", "author")
        .filter(pk=comment_id, kind=CommentKind.CHANGES, author__isnull=False)
        .first()
    )
    if comment is None:
        return
    render = comment.render
    maker = render.created_by
    if maker is None or maker.pk == comment.author_id or not maker.is_active:
        return
    if not Membership.objects.filter(team_id=render.project.team_id, user=maker).exists():
        return
    who = one_line(str(comment.author))
    words = (
        f"{who} asked for changes to “{one_line(shown_title(render))}” "
        f"in “{one_line(render.project.name)}”"
    )
    body_line = one_line(comment.body)
    if len(body_line) > QUOTE_CHARS:
        body_line = body_line[: QUOTE_CHARS - 1].rstrip() + "…"
    address = f"{render.get_absolute_url()}#comment-{comment.code}"
    page = f"{settings.SITE_URL}{address}" if settings.SITE_URL else ""
    body = "\n\n".join(
        part
        for part in [
            f"{words}.",
            comment.body,
            f"See it in Avatar Studio: {page}" if page else "",
            "Avatar Studio",
        ]
        if part
    )
    tell(
        maker,
        render=render,
        kind=NoticeKind.CHANGES,
        message=f"{words}: “{body_line}”",
        subject=words,
        body=body,
    )
