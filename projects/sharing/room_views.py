"""The team's side of links: a link's page (its videos in order, what to add,
its settings, its address to copy) and a project's links page with each
link's figures.

Only people who manage share links (owners, projects.teams.roles) open
these pages: they show addresses that open the videos to anyone, and what
clients wrote under their names. Editors and viewers get a plain 403;
people outside the team a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from projects.links import absolute_url
from projects.models import Render, ShareLink
from projects.sharing.figures import links_with_figures
from projects.sharing.forms import ShareSettingsForm
from projects.sharing.rooms import (
    picked_renders,
    room_add,
    room_candidates,
    room_entries,
    room_move,
    room_remove,
    room_update,
)
from projects.sharing.services import sharelink_url
from projects.teams.access import get_project
from projects.teams.roles import Action


def _link(user, code):
    """The link and its project's membership, for someone who manages links."""
    try:
        link = ShareLink.objects.select_related("project").get(code=code)
    except (ShareLink.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such link.")
    project, membership = get_project(user, link.project.code, Action.MANAGE_SHARES)
    link.project = project
    return link, membership


def _address(link, request):
    """The link's full address, or None for a link made before addresses
    could be shown again."""
    token = link.token()
    return absolute_url(sharelink_url(token), request) if token else None


def _page(request, link, membership, settings_form=None, status=200):
    entries = list(room_entries(link))
    context = {
        "link": link,
        "project": link.project,
        "membership": membership,
        "entries": entries,
        "videos": [entry.render for entry in entries],
        "candidates": list(room_candidates(link)),
        "settings_form": settings_form or ShareSettingsForm(link=link),
        "url": _address(link, request),
    }
    return render(request, "projects/link_detail.html", context, status=status)


def _back(link, anchor=""):
    return redirect(reverse("share_detail", args=[link.code]) + anchor)


@never_cache
@require_safe
@login_required
def share_detail(request, code):
    link, membership = _link(request.user, code)
    return _page(request, link, membership)


@never_cache
@require_POST
@login_required
def share_update(request, code):
    link, membership = _link(request.user, code)
    form = ShareSettingsForm(request.POST, link=link)
    if form.is_valid():
        data = form.cleaned_data
        try:
            room_update(
                link=link,
                label=data["label"],
                expires_at=data["expires_at"],
                allow_download=data["allow_download"],
                allow_feedback=data["allow_feedback"],
                ai_label=data["ai_label"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved. People opening the link see the change at once.")
            return _back(link)
    link.refresh_from_db()
    return _page(request, link, membership, settings_form=form, status=400)


@require_POST
@login_required
def share_videos_add(request, code):
    link, _ = _link(request.user, code)
    try:
        added = room_add(
            link=link,
            renders=picked_renders(link.project, request.POST.getlist("videos")),
            added_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if added:
            messages.success(
                request, f"Added {added} video{'s' if added != 1 else ''} at the end of the link."
            )
        else:
            messages.info(request, "These videos are on the link already.")
    return _back(link, "#videos")


def _video_on(link, render_code):
    try:
        return Render.objects.get(project=link.project, code=render_code)
    except Render.DoesNotExist:
        raise Http404("No such video in this project.")


@require_POST
@login_required
def share_video_remove(request, code, render_code):
    link, _ = _link(request.user, code)
    video = _video_on(link, render_code)
    try:
        room_remove(link=link, render=video, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, f"“{video.title or 'The video'}” is off the link. Clients no longer see it."
        )
    return _back(link, "#videos")


@require_POST
@login_required
def share_video_move(request, code, render_code):
    link, _ = _link(request.user, code)
    video = _video_on(link, render_code)
    try:
        room_move(
            link=link, render=video, direction=request.POST.get("direction", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _back(link, f"#entry-{video.code}")


@never_cache
@require_safe
@login_required
def project_shares(request, code):
    project, membership = get_project(request.user, code, Action.MANAGE_SHARES)
    links = list(links_with_figures(project))
    for link in links:
        link.address = _address(link, request)
    return render(
        request,
        "projects/link_list.html",
        {"project": project, "membership": membership, "links": links},
    )
