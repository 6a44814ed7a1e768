"""django-q2 task functions: thin shells that load by id and call a service.

Parameters are ids, never model instances, and never named after a django-q2
option (``hook``, ``group``, ``timeout``...), which django-q2 would swallow.
``projects.renders.queue`` puts them on the queue by their dotted path, and
the work itself lives in ``projects.renders``.
"""

from projects.captions import making as captions
from projects.credentials import archive as credentials
from projects.exports import making as exports
from projects.notices import digest
from projects.renders import archiving, following, submission
from projects.renders import pump as pumping
from projects.renders.queue import enqueue_captions, enqueue_pump
from projects.webhooks import delivery

# A captions task steps aside for waiting archives at most this many times.
CAPTIONS_MAX_DEFERRALS = 30


def submit_render(render_id: int) -> str:
    outcome = submission.render_submit(render_id=render_id)
    if outcome in ("submitted", "adopted") and not pumping.pump_running():
        # Start following it now rather than at the next scheduled pump.
        enqueue_pump()
    return outcome


def archive_render(render_id: int) -> str:
    outcome = archiving.render_archive(render_id=render_id)
    # Kling freed a slot: send the next render even if the pump task waits in the queue.
    pumping.pump_between_tasks()
    return outcome


def make_captions(render_id: int, deferrals: int = 0) -> str:
    """A finished video's captions (queued after archiving; never fails the
    video). Saving videos comes first: while another waits to be archived,
    this worker saves it (its own archive task then finds it done) and the
    captions go to the back of the queue, a bounded number of times."""
    waiting = archiving.waiting_archive() if deferrals < CAPTIONS_MAX_DEFERRALS else None
    if waiting is not None:
        archive_render(waiting)
        enqueue_captions(render_id, deferrals + 1)
        return "deferred"
    return captions.make_for_render(render_id)


def make_export(export_id: int) -> str:
    """A download with captions or a label burned in, asked for on the render
    page or by a share link; a failure leaves a message and the video as it was."""
    return exports.export_make(export_id)


def refresh_render(render_id: int) -> bool:
    return following.render_refresh(render_id=render_id)


def pump(seconds: float | None = None) -> dict:
    """Run by the minute schedule, and handed over from pump to pump."""
    return pumping.pump(seconds)


def send_digests() -> int:
    """Run by the daily schedule: each waiting person's digest of notices."""
    return digest.send_digests()


def deliver_webhook(delivery_id: int) -> str:
    """One attempt at a webhook delivery, queued when its event happens."""
    return delivery.deliver(delivery_id)


def deliver_webhooks() -> int:
    """Run by the minute schedule: the deliveries whose retry is due."""
    return delivery.deliver_due()


def sign_credentials() -> int:
    """Run by the minute schedule: done videos whose content credentials are
    not signed yet (a failed signing, or a video made before them)."""
    return credentials.sign_due()
