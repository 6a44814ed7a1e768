"""Kling's callbacks: what it POSTs to a render's callback URL when a task
changes, and when we take its word for it.

Kling does not sign callbacks (``shared/kling-api.md``), so each render's
URL carries its own secret token (``Render.callback_token``, an HMAC of the
render under ``SECRET_KEY``): a request with the right token comes from
whoever Kling told that URL. A body from such a request is applied as a
poll's answer would be, without asking Kling again, when it is about this
render's own task (its ``task_id`` *and* our ``external_task_id``) and a
video it names is on one of Kling's result hosts. Anything else (a body we
cannot read, another task, a video elsewhere) is only a hint: one
authoritative query, coalesced (``queue.enqueue_callback_refresh``).

Taking the word of a callback is what lets Kling's own report be the main
path once ``SITE_URL`` is public, with polling as a slow safety net
(``schedule.py``): no request to Kling per change, and a finished video is
archived a moment after Kling says so. Statuses still only move forward,
and the same report twice changes nothing (``following.render_apply_task``).
"""

import json
import logging

from django.db import transaction

from projects.kling import KlingError
from projects.kling.client import configured_result_hosts
from projects.kling.types import ReplyShapeError, Task, TaskStatus, parse_task
from projects.models import Render
from projects.renders.following import render_apply_task

log = logging.getLogger(__name__)


def read_callback(body: bytes) -> Task | None:
    try:
        return parse_task(json.loads(body or b"null"), where="callback")
    except (ValueError, ReplyShapeError) as error:
        log.info("Kling's callback could not be read: %s", str(error)[:200])
        return None


def trusted(render: Render, task: Task) -> bool:
    """The report is about this render's own task, and names its video on
    Kling's hosts."""
    if not render.task_id or task.task_id != render.task_id:
        return False
    if task.external_task_id != render.external_task_id:
        return False
    if task.status == TaskStatus.SUCCEED:
        video = task.video
        if video is None:
            return False
        try:
            for url in (video.url, video.watermark_url):
                if url:
                    configured_result_hosts().check_url(url)
        except KlingError:
            return False
    return True


def render_apply_callback(*, render_id: int, body: bytes) -> bool:
    """Apply a callback's report to an in-flight render. False when it is
    not to be trusted: the caller then asks Kling."""
    task = read_callback(body)
    if task is None:
        return False
    with transaction.atomic():
        render = Render.objects.in_flight().select_related("voiceover").filter(pk=render_id).first()
        if render is None:
            return True  # finished meanwhile: nothing to learn
        if not trusted(render, task):
            log.info("Kling's callback for %s is not about its task; asking Kling", render.code)
            return False
        render_apply_task(render=render, task=task)
    return True
