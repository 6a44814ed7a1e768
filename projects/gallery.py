"""The project gallery: which renders to show, and how a card reads."""

import uuid

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from projects import wording
from projects.models import Asset, Render, ReviewState

# How a card names each stage of a render (projects.models.render_lifecycle.STAGES),
# and the tone of its badge.
STAGE_WORDS = {
    "queued": "Queued",
    "rendering": "Rendering",
    "saving": "Saving",
    "done": "Done",
    "failed": "Failed",
    "canceled": "Canceled",
}
STAGE_TONE = {
    "queued": "queued",
    "rendering": "busy",
    "saving": "busy",
    "done": "done",
    "failed": "failed",
    "canceled": "queued",
}
# The gallery's status filter: what a person looks for, in stages.
STATUS_FILTERS = {
    "queued": ("queued",),
    "rendering": ("rendering", "saving"),
    "done": ("done",),
    "failed": ("failed", "canceled"),
}


def gallery_renders(project):
    # One query for the page however many renders it shows: everything a
    # card prints comes from these joins.
    return (
        Render.objects.filter(project=project)
        .select_related("portrait", "voiceover", "batch")
        .order_by("-created")
    )


GALLERY_PAGE_SIZE = 24
MAX_BATCH_CHOICES = 50
# Renders read by a Kling voice have no voiceover file to pick in the filter.
KLING_VOICE = "kling-voice"


class GalleryFilterForm(forms.Form):
    """The gallery's filters, read from the query string. A value that does
    not fit (an old link, a deleted batch) is ignored rather than refused:
    the gallery then shows more, never an error."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Any status"),
            ("queued", "Queued"),
            ("rendering", "Rendering"),
            ("done", "Done"),
            ("failed", "Failed or canceled"),
        ],
    )
    review = forms.ChoiceField(
        label="Review", required=False, choices=[("", "Any review"), *ReviewState.choices]
    )
    portrait = forms.ChoiceField(label="Portrait", required=False)
    voiceover = forms.ChoiceField(label="Voiceover", required=False)
    batch = forms.ChoiceField(label="Batch", required=False)
    q = forms.CharField(label="Search directions", required=False, max_length=200)

    def __init__(self, data, *, project):
        super().__init__(data)
        # The choices are the inputs this project's renders actually used
        # (deleted uploads included): three small queries, however many renders.
        self.fields["portrait"].choices = [
            ("", "Any portrait"),
            *_used_assets(project, "portrait_id"),
        ]
        self.fields["voiceover"].choices = [
            ("", "Any voiceover"),
            *_used_assets(project, "voiceover_id"),
            (KLING_VOICE, "Read by a Kling voice"),
        ]
        # The latest batches, and the one asked for (a link from a render's
        # page may name an older one): a long select helps nobody.
        batches = project.batches.order_by("-created")
        wanted = Q(code=_uuid_or_none(self.data.get("batch")))
        recent = Q(pk__in=batches.values("pk")[:MAX_BATCH_CHOICES])
        self.fields["batch"].choices = [
            ("", "Any batch"),
            *((str(b.code), str(b)) for b in batches.filter(recent | wanted)),
        ]

    @property
    def active(self) -> dict:
        """The filters in use, as they go back into a link (for the pages)."""
        self.is_valid()  # Fills cleaned_data with the fields that are valid.
        return {k: v for k, v in self.cleaned_data.items() if v}

    def apply(self, renders):
        data = self.active
        if "status" in data:
            renders = renders.in_stages(*STATUS_FILTERS[data["status"]])
        if "review" in data:
            renders = renders.filter(review_state=data["review"])
        if "portrait" in data:
            renders = renders.filter(portrait__code=data["portrait"])
        if data.get("voiceover") == KLING_VOICE:
            renders = renders.filter(voiceover__isnull=True)
        elif "voiceover" in data:
            renders = renders.filter(voiceover__code=data["voiceover"])
        if "batch" in data:
            renders = renders.filter(batch__code=data["batch"])
        if "q" in data:
            renders = renders.filter(prompt__icontains=data["q"].strip())
        return renders

    def query(self) -> str:
        return urlencode(self.active)


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _used_assets(project, column):
    used = Render.objects.filter(project=project).values(column)
    rows = Asset.objects.filter(pk__in=used).order_by("label").values_list("code", "label")
    return [(str(code), label) for code, label in rows]


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
    return render.failure_reason


def elapsed_words(render):
    """How long a render took, or has taken so far: "8 seconds", "3 minutes"."""
    return wording.span(render.created, render.finished_at)


def elapsed_phrase(render):
    """How long a card's render took, or has taken so far."""
    return wording.took(render.created, render.finished_at, finished=render.is_finished)


def card_json(render):
    return {
        "code": str(render.code),
        "status": render.status,
        "status_word": status_word(render),
        "tone": status_tone(render),
        "finished": render.is_finished,
        "failure_reason": reason_words(render),
        "attention": render.attention,
        "elapsed": elapsed_phrase(render),
        "review_state": render.review_state,
        "review_word": render.get_review_state_display(),
        "poster_url": reverse("render_media", args=[render.code, "poster"])
        if render.poster
        else "",
        "video_url": reverse("render_media", args=[render.code, "video"]) if render.video else "",
        "url": render.get_absolute_url(),
    }
