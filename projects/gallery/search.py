"""The team-wide search (issue #18): a team's videos across its projects,
found by title, direction, script, or the name of the portrait or voiceover
they were made from, with the gallery's status and review filters and a
project filter.

It lists renders (every version), newest first, never stacks: a search
looks for one video. Archived projects are left out, as the project list
leaves them out; their videos are found again once a project is restored.

The page costs the same few queries however many renders the team has: the
renders come from the index on (team, created), one page and one row more
at a time, and nothing is counted ("Next" shows when that extra row exists).
A search for words reads that index until the page is full: on PostgreSQL
the trigram indexes of migration 0017 find rare words without reading every
render; on SQLite a rare word reads the team's renders (see docs/performance.md).
"""

from django import forms
from django.db.models import Q
from django.utils.http import urlencode

from projects.gallery.forms import STATUS_FILTERS, GalleryFilterForm
from projects.models import Asset, Render
from projects.models.render_lifecycle import STAGES

SEARCH_PAGE_SIZE = 24
# Shorter searches match nearly everything; longer ones are cut, not refused.
MIN_QUERY = 2
MAX_QUERY = 200
# A search matching more uploads than this ("a" in every name) is a search
# by words: the uploads beyond it would not narrow anything.
MAX_ASSETS = 1_000
# Pages past this many are not offered: a search narrows better than paging.
MAX_PAGE = 200


class TeamSearchForm(forms.Form):
    """What the search page reads from its query string. A filter that does
    not fit (an old link, a project since archived) is ignored, as the
    gallery's are; a search under two characters says so."""

    q = forms.CharField(label="Search videos", required=False, max_length=MAX_QUERY)
    project = forms.ChoiceField(label="Project", required=False)
    status = GalleryFilterForm.base_fields["status"]
    review = GalleryFilterForm.base_fields["review"]

    def __init__(self, data, *, projects):
        data = data.copy()
        # A pasted paragraph is searched by its first 200 characters, with
        # its line breaks as spaces and control characters left out.
        words = "".join(c for c in str(data.get("q", "")) if c.isprintable() or c.isspace())
        data["q"] = " ".join(words.split())[:MAX_QUERY]
        super().__init__(data)
        self.fields["project"].choices = [
            ("", "All projects"),
            *((str(p.code), p.name) for p in projects),
        ]

    def clean_q(self):
        q = self.cleaned_data["q"]
        if q and len(q) < MIN_QUERY:
            raise forms.ValidationError(f"Type at least {MIN_QUERY} characters to search.")
        return q

    @property
    def active(self) -> dict:
        """The filters in use, as they go back into a link (for the pages)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}

    def query(self) -> str:
        return urlencode(self.active)

    @property
    def q_query(self) -> str:
        """The link of the search alone, without the other filters."""
        return urlencode({"q": self.active.get("q", "")})


def team_renders(team):
    """The renders the search looks through: the team's, outside archived
    projects, newest first, with what a card prints."""
    return (
        Render.objects.filter(team=team, project__archived_at__isnull=True)
        .select_related("project", "portrait__consent", "voiceover", "batch", "reviewed_by_visitor")
        .order_by("-created")
    )


def search(team, data: dict):
    """The renders matching the form's ``active`` filters."""
    renders = team_renders(team)
    if "project" in data:
        renders = renders.filter(project__code=data["project"])
    if "status" in data:
        wanted = [s for stage in STATUS_FILTERS[data["status"]] for s in STAGES[stage]]
        renders = renders.filter(status__in=wanted)
    if "review" in data:
        renders = renders.filter(review_state=data["review"])
    if "q" in data:
        renders = renders.filter(matching(team, data["q"]))
    return renders


def matching(team, q: str) -> Q:
    """Renders with ``q`` in their title, direction or script, or made from
    a portrait or voiceover whose name has it (the name as the library shows
    it now: a renamed upload is found by its new name). The uploads are
    looked up first (one small query over the team's): a list of keys keeps
    every branch of the OR on an index, which PostgreSQL then combines with
    the trigram indexes rather than reading the team's renders."""
    assets = list(
        Asset.objects.filter(team=team, label__icontains=q).values_list("pk", flat=True)[
            :MAX_ASSETS
        ]
    )
    return (
        Q(title__icontains=q)
        | Q(prompt__icontains=q)
        | Q(script__icontains=q)
        | Q(portrait_id__in=assets)
        | Q(voiceover_id__in=assets)
    )


class ResultPage:
    """One page of results without counting them all: it reads one row more
    than it shows to know whether there is a next page."""

    def __init__(self, renders, number):
        self.number = number
        start = (number - 1) * SEARCH_PAGE_SIZE
        rows = list(renders[start : start + SEARCH_PAGE_SIZE + 1])
        self.object_list = rows[:SEARCH_PAGE_SIZE]
        self.has_next = len(rows) > SEARCH_PAGE_SIZE and number < MAX_PAGE
        self.has_previous = number > 1
        self.previous_page_number = number - 1
        self.next_page_number = number + 1
        self.first = start + 1
        self.last = start + len(self.object_list)


def page_number(value) -> int:
    """The page asked for; anything else (a word, a huge number) is page 1
    or the last page offered."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)
