"""Telling the person who made a render that it ended: a notice in the app
and an e-mail."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from projects.models import Notice, Render, RenderStatus

log = logging.getLogger(__name__)


def render_finished(*, render_id: int):
    render = Render.objects.select_related("project", "created_by").get(pk=render_id)
    person = render.created_by
    if person is None or render.status not in (RenderStatus.DONE, RenderStatus.FAILED):
        return
    if render.status == RenderStatus.DONE:
        message = f"Your video in “{render.project.name}” is ready."
    else:
        message = f"A video in “{render.project.name}” could not be made: {render.failure_reason}"
    Notice.objects.create(user=person, render=render, message=message[:300])
    if person.email:
        link = f"{settings.SITE_URL}{render.get_absolute_url()}" if settings.SITE_URL else ""
        try:
            send_mail(
                subject=message[:120],
                message=f"{message}\n\n{link}\n\nAvatar Studio".strip(),
                from_email=None,
                recipient_list=[person.email],
            )
        except OSError:
            # The notice in the app is enough; a mail server being down must
            # not undo a finished render.
            log.exception("Could not e-mail %s about render %s", person.pk, render.code)
