""" "Download approved" on a project's page: one ZIP of the project's approved
videos, named by their titles, written while it is sent
(projects.sharing.zips: never a whole file in memory)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from projects.filenames import content_disposition, download_name
from projects.models import Render, RenderStatus, ReviewState
from projects.sharing.zips import entry_names, zip_stream
from projects.teams.access import get_project
from projects.teams.roles import Action

NOTHING_APPROVED = (
    "No video in this project is approved yet, so there is nothing to download. "
    "Approve a video on its page, then download the approved ones here."
)


# What makes a render part of "Download approved" (approved_videos), for a count.
APPROVED_WITH_VIDEO = Q(review_state=ReviewState.APPROVED, status=RenderStatus.DONE) & ~Q(video="")


def approved_videos(project):
    """Every approved version of the project that has its video, oldest first
    (the ZIP's names follow this order when two titles are the same)."""
    return (
        Render.objects.filter(APPROVED_WITH_VIDEO, project=project)
        .select_related("project")
        .order_by("created", "pk")
    )


@require_safe
@login_required
def project_download_approved(request, code):
    project, _ = get_project(request.user, code, Action.DOWNLOAD)
    entries = entry_names(approved_videos(project))
    if not entries:
        messages.info(request, NOTHING_APPROVED)
        return redirect(f"{project.get_absolute_url()}#gallery")
    files = [(name, render.video, render.finished_at) for name, render in entries]
    response = StreamingHttpResponse(zip_stream(files), content_type="application/zip")
    response["Content-Disposition"] = content_disposition(
        download_name(project.name, "zip", note="approved"), download=True
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
