"""A team's library: its assets, filtered, and where each one was used.

One page of the library costs the same few queries however many assets it
shows and however many videos used them: the page of assets (with their
uploader and project), its count, the renders that used any of them (with
their project and inputs), and the team's tags.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from projects.models import Asset, Project, Render, Team
from projects.teams.names import has_control_characters

LIBRARY_PAGE_SIZE = 40
# Past this many videos of one project, an asset's entry links to the
# project's gallery filtered on it instead of listing them all.
RENDERS_SHOWN_PER_PROJECT = 5


@dataclass
class ProjectUse:
    """The videos of one project that used an asset, newest first."""

    project: Project
    renders: list = field(default_factory=list)
    more: int = 0  # how many more, not listed
    gallery_url: str = ""  # the project's gallery, filtered on the asset


def library_page(team: Team, filters, page_number):
    """The page of the team's assets that `filters` (a LibraryFilterForm)
    keeps, newest first, each with ``uses`` (ProjectUse list) and
    ``render_count``."""
    assets = filters.apply(Asset.objects.filter(team=team)).select_related(
        "uploaded_by", "project", "consent"
    )
    page = Paginator(assets, LIBRARY_PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    attach_uses(page.object_list)
    return page


def attach_uses(assets):
    """Set ``uses`` and ``render_count`` on each asset, in one query."""
    by_id = {asset.pk: asset for asset in assets}
    uses = {pk: {} for pk in by_id}
    for asset in assets:
        asset.uses, asset.render_count = [], 0
    if not by_id:
        return
    renders = (
        Render.objects.filter(Q(portrait_id__in=by_id) | Q(voiceover_id__in=by_id))
        .select_related("project", "portrait", "voiceover")
        .order_by("project__name", "project_id", "-created")
    )
    for render in renders:
        for asset_id in {render.portrait_id, render.voiceover_id} & by_id.keys():
            asset = by_id[asset_id]
            use = uses[asset_id].get(render.project_id)
            if use is None:
                use = uses[asset_id][render.project_id] = ProjectUse(
                    project=render.project,
                    gallery_url=_gallery_url(render.project, asset),
                )
                asset.uses.append(use)
            asset.render_count += 1
            if len(use.renders) < RENDERS_SHOWN_PER_PROJECT:
                use.renders.append(_used_in(render, asset))
            else:
                use.more += 1


@dataclass(frozen=True)
class UsedIn:
    """A video made with an asset, and its other input (for a portrait, the
    voiceover or the Kling voice; for a voiceover, the portrait)."""

    render: Render
    with_label: str


def _used_in(render, asset):
    other = render.voice_label if asset.is_portrait else render.portrait.label
    return UsedIn(render, other)


def _gallery_url(project, asset):
    return f"{project.get_absolute_url()}?{urlencode({asset.kind: asset.code})}#gallery"


def team_tags(team: Team) -> list[str]:
    """Every tag on the team's assets still in the library, sorted."""
    rows = Asset.objects.alive().filter(team=team).exclude(tags="").values_list("tags", flat=True)
    return sorted({tag for tags in rows for tag in tags.split()})


def library_return(request, team: Team) -> str:
    """Where a form posted from the library goes back to: the ``next`` path,
    if it is this team's library page (filters and page kept), else ""."""
    wanted = request.POST.get("next", "")
    home = reverse("asset_library", args=[team.code])
    if has_control_characters(wanted):  # a line break would break the Location header
        return ""
    if wanted == home or wanted.startswith(home + "?"):
        return wanted
    return ""
