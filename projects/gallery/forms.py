"""The forms of a project's page: the project itself, and the gallery's filters."""

import uuid

from django import forms
from django.db.models import CharField, Count, Exists, OuterRef, Q, Value, Window
from django.utils.http import urlencode

from projects.gallery.stacks import stacks_having
from projects.models import Asset, AssetKind, Project, Render, RenderBatch, ReviewState


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "description"]
        labels = {"name": "Project name", "description": "What is this campaign about?"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


# The gallery's status filter: what a person looks for, in stages.
STATUS_FILTERS = {
    "queued": ("queued",),
    "held": ("held",),
    "rendering": ("rendering", "saving"),
    "done": ("done",),
    "failed": ("failed", "canceled"),
}


MAX_BATCH_CHOICES = 50


# What marks a batch among the filters' choices (uploads have their kind).
BATCH = "batch"

# Renders read by a Kling voice have no voiceover file to pick in the filter.
KLING_VOICE = "kling-voice"


class GalleryFilterForm(forms.Form):
    """The gallery's filters, read from the query string. A value that does
    not fit (an old link, a deleted batch) is ignored rather than refused:
    the gallery then shows more, never an error.

    They filter stacks (projects.gallery.stacks) as their cards read: the
    status matches the card's own version or the version it names as on its
    way ("Version 3: Rendering"); the review matches the stack's state (its
    top version's). The portrait, the voiceover, the batch and the search
    match a stack when any of its versions does (a search finds the stack
    whose second version's direction has the words)."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Any status"),
            ("queued", "Queued"),
            ("held", "Over budget"),
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
        self.project = project
        # The choices are the inputs this project's renders actually used
        # (deleted uploads included) and its batches: one query, however
        # many renders.
        portraits, voiceovers, batches = _choices(project, _uuid_or_none(self.data.get("batch")))
        self.fields["portrait"].choices = [("", "Any portrait"), *portraits]
        self.fields["voiceover"].choices = [
            ("", "Any voiceover"),
            *voiceovers,
            (KLING_VOICE, "Read by a Kling voice"),
        ]
        self.fields["batch"].choices = [("", "Any batch"), *batches]

    @property
    def active(self) -> dict:
        """The filters in use, as they go back into a link (for the pages)."""
        self.is_valid()  # Fills cleaned_data with the fields that are valid.
        return {k: v for k, v in self.cleaned_data.items() if v}

    def stack_roots(self):
        """The roots' pks of the project's stacks that match, in the
        gallery's order, read from the state kept on each root
        (projects/models/stack_state.py: the top's stage and review, the
        stage of the version on its way) and its indexes."""
        data = self.active
        roots = Render.objects.filter(project=self.project, parent__isnull=True)
        if "status" in data:
            stages = STATUS_FILTERS[data["status"]]
            roots = roots.filter(Q(stack_stage__in=stages) | Q(stack_pending_stage__in=stages))
        if "review" in data:
            roots = roots.filter(stack_review=data["review"])
        versions, narrowed = Render.objects.filter(project=self.project), False
        if "portrait" in data:
            versions, narrowed = versions.filter(portrait__code=data["portrait"]), True
        if data.get("voiceover") == KLING_VOICE:
            versions, narrowed = versions.filter(voiceover__isnull=True), True
        elif "voiceover" in data:
            versions, narrowed = versions.filter(voiceover__code=data["voiceover"]), True
        if "batch" in data:
            versions, narrowed = versions.filter(batch__code=data["batch"]), True
        if "q" in data:
            versions, narrowed = versions.filter(prompt__icontains=data["q"].strip()), True
        if narrowed:
            roots = roots.filter(pk__in=stacks_having(versions))
        return roots.order_by("-stack_newest", "-stack_top_pk")

    def page_of_roots(self, number: int, size: int) -> tuple[list[int], int | None]:
        """Page ``number``'s roots (``stack_roots``) and how many stacks match,
        in one query (a window count); the count is None when the page is
        empty (past the end, or nothing matches)."""
        start = (number - 1) * size
        rows = list(
            self.stack_roots()
            .annotate(matching=Window(Count("pk")))
            .values_list("pk", "matching")[start : start + size]
        )
        return [pk for pk, _ in rows], rows[0][1] if rows else None

    def query(self) -> str:
        return urlencode(self.active)


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _choices(project, wanted_batch):
    """The filters' choices, in one query: the portraits and the voiceovers
    the project's renders used, by label (the team's uploads, each looked up
    in the index on (asset, project), so the cost follows the uploads, not
    the renders), and the latest batches, newest first, with the one asked
    for (a link from a render's page may name an older one): a long select
    helps nobody."""
    renders = Render.objects.filter(project=project)
    used = Asset.objects.filter(team_id=project.team_id).filter(
        Q(kind=AssetKind.PORTRAIT) & Exists(renders.filter(portrait=OuterRef("pk")))
        | Q(kind=AssetKind.VOICEOVER) & Exists(renders.filter(voiceover=OuterRef("pk")))
    )
    batches = project.batches.order_by("-created")
    recent = Q(pk__in=batches.values("pk")[:MAX_BATCH_CHOICES])
    batches = batches.filter(recent | Q(code=wanted_batch)).annotate(
        kind=Value(BATCH, output_field=CharField())
    )
    columns = ("code", "label", "kind", "created")
    rows = list(
        used.order_by()
        .values_list(*columns)
        .union(batches.order_by().values_list(*columns))
        .order_by("label")
    )
    assets = [r for r in rows if r[2] != BATCH]
    newest_first = sorted((r for r in rows if r[2] == BATCH), key=lambda r: r[3], reverse=True)
    return (
        [(str(code), label) for code, label, kind, _ in assets if kind == AssetKind.PORTRAIT],
        [(str(code), label) for code, label, kind, _ in assets if kind == AssetKind.VOICEOVER],
        [
            (str(code), str(RenderBatch(label=label, created=at)))
            for code, label, _, at in newest_first
        ],
    )
