"""The project gallery: which renders to show, and how a card reads."""

from django.urls import reverse
from django.utils.timesince import timesince

from projects.models import Render, RenderStatus

STATUS_WORDS = {
    RenderStatus.QUEUED: "Queued",
    RenderStatus.SUBMITTING: "Queued",
    RenderStatus.SUBMITTED: "Rendering",
    RenderStatus.PROCESSING: "Rendering",
    RenderStatus.ARCHIVING: "Saving",
    RenderStatus.DONE: "Done",
    RenderStatus.FAILED: "Failed",
    RenderStatus.CANCELED: "Canceled",
}
STATUS_FILTERS = {
    "queued": [RenderStatus.QUEUED, RenderStatus.SUBMITTING],
    "rendering": [RenderStatus.SUBMITTED, RenderStatus.PROCESSING, RenderStatus.ARCHIVING],
    "done": [RenderStatus.DONE],
    "failed": [RenderStatus.FAILED, RenderStatus.CANCELED],
}
# What a card's badge colour is keyed on.
STATUS_TONE = {
    "Queued": "queued",
    "Rendering": "busy",
    "Saving": "busy",
    "Done": "done",
    "Failed": "failed",
    "Canceled": "queued",
}


def gallery_renders(project):
    # One query for the page however many renders it shows: everything a
    # card prints comes from these joins.
    return (
        Render.objects.filter(project=project)
        .select_related("portrait", "voiceover", "batch")
        .order_by("-created")
    )


def status_word(render):
    return STATUS_WORDS[render.status]


def elapsed_words(render):
    return (
        timesince(render.created, render.finished_at)
        if render.finished_at
        else timesince(render.created)
    )


def card_json(render):
    word = status_word(render)
    return {
        "code": str(render.code),
        "status": render.status,
        "status_word": word,
        "tone": STATUS_TONE[word],
        "finished": render.is_finished,
        "failure_reason": render.failure_reason,
        "attention": render.attention,
        "elapsed": elapsed_words(render),
        "review_state": render.review_state,
        "review_word": render.get_review_state_display(),
        "poster_url": reverse("render_media", args=[render.code, "poster"])
        if render.poster
        else "",
        "video_url": reverse("render_media", args=[render.code, "video"]) if render.video else "",
        "url": render.get_absolute_url(),
    }
