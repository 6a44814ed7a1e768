"""Putting render work, and team webhooks' deliveries, on the django-q2 queue.

Tasks are named by their dotted path, so this module imports none of the
code that runs them: the services that enqueue and the tasks that run stay
free of import cycles. Enqueue only after commit, passing ids.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

log = logging.getLogger(__name__)

# Task functions stay at this path: queued tasks and the schedule name it,
# so moving it would strand whatever is in the queue during a deploy.
TASKS = "projects.tasks"


def enqueue_submit(render_id: int):
    async_task(f"{TASKS}.submit_render", render_id, task_name=f"submit-{render_id}")


def enqueue_archive(render_id: int):
    async_task(f"{TASKS}.archive_render", render_id, task_name=f"archive-{render_id}")


def enqueue_captions(render_id: int, deferrals: int = 0):
    """Captions for a video just archived. Never raises: a video is done
    whether or not its captions could be queued (they can be made again).
    ``deferrals``: how often the task already stepped aside for archiving."""
    args = (render_id, deferrals) if deferrals else (render_id,)
    try:
        async_task(f"{TASKS}.make_captions", *args, task_name=f"captions-{render_id}")
    except Exception:
        log.exception("Could not queue captions for render %s", render_id)


def enqueue_export(export_id: int):
    """A download with captions or a label burned in (projects/exports/). Its
    ffmpeg run may take minutes, so the task gets a longer timeout than the
    cluster's; a duplicate delivery finds the export claimed and does nothing."""
    async_task(
        f"{TASKS}.make_export",
        export_id,
        task_name=f"export-{export_id}",
        timeout=settings.EXPORT_FFMPEG_TIMEOUT + 60,
    )


def enqueue_pump():
    async_task(f"{TASKS}.pump", task_name="render-pump")


def enqueue_refresh(render_id: int):
    async_task(f"{TASKS}.refresh_render", render_id)


def enqueue_webhook_delivery(delivery_id: int):
    async_task(f"{TASKS}.deliver_webhook", delivery_id, task_name=f"webhook-{delivery_id}")


def enqueue_callback_refresh(render_id: int) -> bool:
    """One refresh per render per ``RENDER_CALLBACK_COALESCE_SECONDS``, however
    many of Kling's callbacks (or replays of one) arrive: the first claims a
    key in the shared cache (``add`` is atomic), the others find it taken.
    True when a refresh was queued. Should the cache fail, none is: the pump
    polls the render anyway, and a flood must not become Kling queries."""
    window = settings.RENDER_CALLBACK_COALESCE_SECONDS
    if window > 0:
        try:
            # In a savepoint: the database cache must not break the request's
            # transaction should its table be missing.
            with transaction.atomic():
                first = cache.add(f"render:callback-refresh:{render_id}", True, window)
        except Exception:
            log.exception("Could not record Kling's callback for render %s", render_id)
            return False
        if not first:
            return False
    enqueue_refresh(render_id)
    return True


# Created by `manage.py setup_schedules` on every deploy, and checked by /health/.
SCHEDULES = [
    {
        "name": "render-pump",
        "func": f"{TASKS}.pump",
        "schedule_type": "I",  # django_q.models.Schedule.MINUTES
        "minutes": 1,
        "repeats": -1,
    },
    {
        # Each person's digest of the notices they chose to get once a day.
        "name": "notice-digest",
        "func": f"{TASKS}.send_digests",
        "schedule_type": "D",  # django_q.models.Schedule.DAILY
        "repeats": -1,
        "first_run": "digest_hour",  # only when created: see first_run()
    },
    {
        # Webhook deliveries whose next attempt is due (projects/webhooks/delivery.py).
        "name": "webhook-deliveries",
        "func": f"{TASKS}.deliver_webhooks",
        "schedule_type": "I",
        "minutes": 1,
        "repeats": -1,
    },
    {
        # Done videos whose content credentials are not signed yet
        # (projects/credentials/archive.py).
        "name": "sign-credentials",
        "func": f"{TASKS}.sign_credentials",
        "schedule_type": "I",
        "minutes": 1,
        "repeats": -1,
    },
]


def first_run(which: str, now=None):
    """When a new schedule first runs: the digest at the next
    ``NOTICE_DIGEST_HOUR`` o'clock (it then repeats every day); the others now."""
    now = timezone.localtime(now or timezone.now())
    if which != "digest_hour":
        return now
    at = now.replace(hour=settings.NOTICE_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)
