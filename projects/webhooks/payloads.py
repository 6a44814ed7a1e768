"""What an event says: the generic JSON document every delivery stores
(documented in docs/webhooks.md), with a sentence in plain words (``text``)
that Slack and Teams messages are made of (``shapes.py``).

Videos are named by their title and linked with ``SITE_URL``. A client is
named by the name they gave, never by their e-mail address.
"""

import uuid

from django.utils import timezone

from projects.links import absolute_url
from projects.models import Budget, Comment, CommentKind, Render, Team, WebhookEvent
from projects.renders.titles import shown_title
from projects.teams.names import one_line
from projects.wording import moment_words

QUOTE_CHARS = 140
COMMENT_CHARS = 2000


def document(
    event: str,
    team: Team,
    *,
    render: Render | None = None,
    comment: Comment | None = None,
    budget: Budget | None = None,
    now=None,
) -> dict:
    """The generic document of one event (one id, whatever the webhooks)."""
    now = now or timezone.now()
    doc = {
        "event": str(event),
        "id": str(uuid.uuid4()),
        "created": now.isoformat(),
        "text": "",
        "team": {"code": str(team.code), "name": team.name},
        "project": None,
        "render": None,
    }
    if render is not None:
        project = render.project
        doc["project"] = {
            "code": str(project.code),
            "name": project.name,
            "url": absolute_url(project.get_absolute_url()),
        }
        doc["render"] = {
            "code": str(render.code),
            "title": shown_title(render),
            "version": render.version,
            "url": absolute_url(render.get_absolute_url()),
            "status": render.status,
            "review_state": render.review_state,
        }
    words = WORDS[event]
    doc["text"] = words(doc, render=render, comment=comment, budget=budget)
    if comment is not None:
        doc["comment"] = _comment(comment)
    if budget is not None:
        doc["budget"] = {
            "scope": "project" if budget.project_id else "team",
            "monthly_units": budget.monthly_units,
        }
    if event == WebhookEvent.RENDER_FAILED and render is not None:
        doc["failure"] = {"reason": render.failure_reason}
    return doc


def test_document(team: Team) -> dict:
    return document(WebhookEvent.TEST, team)


def _comment(comment: Comment) -> dict:
    client = comment.visitor_id is not None
    return {
        "code": str(comment.code),
        "kind": comment.kind,
        "by": _author(comment),
        "by_client": client,
        "link": one_line(comment.share_link.label) if comment.share_link_id else None,
        "body": comment.body[:COMMENT_CHARS],
        "at_seconds": comment.at_seconds,
        "url": absolute_url(f"{comment.render.get_absolute_url()}#comment-{comment.code}"),
    }


def _author(comment: Comment) -> str:
    if comment.visitor_id is not None:
        return one_line(comment.visitor.name) or "A client"
    if comment.author_id is not None:
        return one_line(str(comment.author))
    return "Someone"


def _title(doc: dict) -> str:
    return f"“{one_line(doc['render']['title'])}”"


def _in_project(doc: dict) -> str:
    return f"{_title(doc)} in “{one_line(doc['project']['name'])}”"


def _quote(body: str) -> str:
    body = one_line(body)
    body = body if len(body) <= QUOTE_CHARS else body[: QUOTE_CHARS - 1].rstrip() + "…"
    return f": “{body}”" if body else "."


def _done(doc, **facts) -> str:
    return f"{_in_project(doc)} is ready."


def _failed(doc, *, render, **facts) -> str:
    return f"{_in_project(doc)} could not be made: {render.failure_reason}"


def _who(comment: Comment) -> str:
    return f"{_author(comment)} (client)" if comment.visitor_id else _author(comment)


def _via(comment: Comment) -> str:
    return f" via the link “{one_line(comment.share_link.label)}”" if comment.visitor_id else ""


def _review(doc, *, comment, **facts) -> str:
    if comment.kind == CommentKind.APPROVAL:
        what = f"{_who(comment)} approved {_in_project(doc)}{_via(comment)}"
    else:
        what = f"{_who(comment)} asked for changes to {_in_project(doc)}{_via(comment)}"
    return what + _quote(comment.body)


def _feedback(doc, *, comment, **facts) -> str:
    if comment.kind != CommentKind.COMMENT:
        return _review(doc, comment=comment)
    at = f" at {moment_words(comment.at_seconds)}" if comment.at_seconds is not None else ""
    return f"{_who(comment)} commented on {_in_project(doc)}{at}{_via(comment)}" + _quote(
        comment.body
    )


def _budget(doc, *, budget, **facts) -> str:
    whose = "the project’s" if budget.project_id else "the team’s"
    return (
        f"{_in_project(doc)} is waiting: {whose} monthly budget of "
        f"{budget.monthly_units} units is reached. An owner can send it anyway or "
        "raise the budget."
    )


def _test(doc, **facts) -> str:
    return f"This is a test from Avatar Studio for {one_line(doc['team']['name'])}: it works."


WORDS = {
    WebhookEvent.RENDER_DONE: _done,
    WebhookEvent.RENDER_FAILED: _failed,
    WebhookEvent.REVIEW_CHANGED: _review,
    WebhookEvent.CLIENT_FEEDBACK: _feedback,
    WebhookEvent.BUDGET_REACHED: _budget,
    WebhookEvent.TEST: _test,
}
