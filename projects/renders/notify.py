"""Telling the person who made a render that it ended: a notice in the app
and an e-mail as they chose (``projects.notices``); and the team's webhooks."""

from django.conf import settings

from projects.models import NoticeKind, Render, RenderStatus, WebhookEvent
from projects.notices.telling import tell
from projects.renders.titles import shown_title
from projects.teams.names import one_line
from projects.webhooks.events import announce

WEBHOOK_EVENTS = {
    RenderStatus.DONE: WebhookEvent.RENDER_DONE,
    RenderStatus.FAILED: WebhookEvent.RENDER_FAILED,
}


def render_finished(*, render_id: int):
    render = Render.objects.select_related("project__team", "created_by").get(pk=render_id)
    if render.status in WEBHOOK_EVENTS:
        announce(WEBHOOK_EVENTS[render.status], render.project.team, render=render)
    person = render.created_by
    if person is None or render.status not in (RenderStatus.DONE, RenderStatus.FAILED):
        return
    project = one_line(render.project.name)
    if render.status == RenderStatus.DONE:
        kind = NoticeKind.READY
        message = f"“{one_line(shown_title(render))}” in “{project}” is ready."
    else:
        kind = NoticeKind.FAILED
        message = (
            f"“{one_line(shown_title(render))}” in “{project}” could not be made: "
            f"{render.failure_reason}"
        )
    link = f"{settings.SITE_URL}{render.get_absolute_url()}" if settings.SITE_URL else ""
    # The notice in the app is enough when the e-mail does not go: a mail
    # server being down or a name it refuses must not fail a finished render.
    tell(
        person,
        render=render,
        kind=kind,
        message=message,
        subject=message,
        body=f"{message}\n\n{link}\n\nAvatar Studio".strip(),
    )
