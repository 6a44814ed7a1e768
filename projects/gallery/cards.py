"""The project gallery: which renders to show, and how a card reads."""

from django.db.models import Count, Exists, Q
from django.urls import reverse
from django.utils import timezone

from projects import wording
from projects.gallery.approved import APPROVED_WITH_VIDEO
from projects.gallery.stacks import stack_members, stack_tops
from projects.models import Render, RenderStatus, ReviewState
from projects.renders.progress import render_progress, speeds
from projects.usage.budgets import budgets_of

# How a card names each stage of a render (projects.models.render_lifecycle.STAGES),
# and the tone of its badge.
STAGE_WORDS = {
    "queued": "Queued",
    "held": "Over budget",
    "rendering": "Rendering",
    "saving": "Saving",
    "done": "Done",
    "failed": "Failed",
    "canceled": "Canceled",
}
STAGE_TONE = {
    "queued": "queued",
    "held": "held",
    "rendering": "busy",
    "saving": "busy",
    "done": "done",
    "failed": "failed",
    "canceled": "queued",
}


def card_renders():
    # One query for the page however many renders it shows: everything a
    # card prints comes from these joins.
    return Render.objects.select_related(
        "portrait__consent", "voiceover", "batch", "reviewed_by_visitor"
    ).order_by("-created")


def gallery_renders(project):
    return card_renders().filter(project=project)


def gallery_stacks(project):
    """The gallery's cards: the top version of each stack (projects.gallery.stacks),
    with the same joins, in one query for the page."""
    return stack_tops(gallery_renders(project))


def gallery_stacks_of(roots):
    """The cards of the stacks whose first renders are ``roots`` (from
    ``recent_roots``), in the gallery's order."""
    return stack_tops(card_renders().filter(stack_members(roots)))


GALLERY_PAGE_SIZE = 24


def gallery_figures(project) -> dict:
    """What the project page counts, in one pass over the project's renders
    (on the index on project): ``renders``, ``stacks`` (one per first
    render: a version names its first render as parent), ``approved`` (in
    "Download approved") and ``held`` (waiting over budget); and
    ``budgeted``, whether a budget applies to the project (its own or its
    team's: the budget line), known only when the project has renders."""
    return Render.objects.filter(project=project).aggregate(
        renders=Count("pk"),
        stacks=Count("pk", filter=Q(parent__isnull=True)),
        approved=Count("pk", filter=APPROVED_WITH_VIDEO),
        held=Count("pk", filter=Q(status=RenderStatus.HELD)),
        budgeted=Count("pk", filter=Exists(budgets_of(project))),
    )


def status_word(render):
    return STAGE_WORDS[render.stage]


def status_tone(render):
    return STAGE_TONE[render.stage]


def reason_words(render):
    """Why a render did not become a video, in plain words (empty otherwise)."""
    if render.stage == "failed":
        return render.failure_reason or "Kling could not make this video. You can retry it."
    if render.stage == "canceled":
        return render.failure_reason or "Canceled before it was sent to Kling."
    if render.stage == "held":
        return (
            "Waits: it would go over the monthly budget. "
            "An owner can release it or raise the budget."
        )
    return render.failure_reason


def review_words(render):
    """A render's review state, saying when a client gave it through a link:
    "Approved by client (Anna)", "Client asked for changes"."""
    visitor = render.reviewed_by_visitor if render.reviewed_by_visitor_id else None
    if visitor is not None and render.review_state == ReviewState.APPROVED:
        return f"Approved by client ({visitor.name or 'no name given'})"
    if visitor is not None and render.review_state == ReviewState.CHANGES:
        return "Client asked for changes"
    return render.get_review_state_display()


def elapsed_words(render):
    """How long a render took, or has taken so far: "8 seconds", "3 minutes"."""
    return wording.span(render.created, render.finished_at)


def elapsed_phrase(render):
    """How long a card's render took, or has taken so far."""
    return wording.took(render.created, render.finished_at, finished=render.is_finished)


def progress_json(render, now=None, *, known=None):
    """A render's progress for the browser (static/js/progress.js): the step
    in words, the bar's fraction, the clock's start and the estimate."""
    now = now or timezone.now()
    data = render_progress(render, now, known=known).for_browser(render, now)
    data["elapsed"] = wording.clock((now - render.created).total_seconds())
    return data


def card_json(render, *, known=None):
    """A card's fields for the gallery's polling. ``known`` is
    ``progress.speeds()``: looked up once for many cards."""
    return {
        "code": str(render.code),
        "version": render.version,
        "status": render.status,
        "status_word": status_word(render),
        "tone": status_tone(render),
        "finished": render.is_finished,
        "failure_reason": reason_words(render),
        "attention": render.attention,
        "elapsed": elapsed_phrase(render),
        "review_state": render.review_state,
        "review_word": review_words(render),
        "poster_url": reverse("render_media", args=[render.code, "poster"])
        if render.poster
        else "",
        "video_url": reverse("render_media", args=[render.code, "video"]) if render.video else "",
        "url": render.get_absolute_url(),
        "progress": progress_json(render, known=known or speeds()),
    }
