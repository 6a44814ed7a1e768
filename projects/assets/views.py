from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from projects.assets.library import library_return
from projects.assets.uploads import UploadRefused, asset_upload, crop_from_post
from projects.audit.log import asset_target, audit
from projects.consent.services import consent_url
from projects.files import serve_file
from projects.models import AuditKind, consent_of
from projects.teams.access import get_asset, get_project
from projects.teams.roles import Action


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def asset_json(asset, notes=(), reused=False, back=""):
    consent = consent_of(asset) if asset.is_portrait else None
    state = "withdrawn" if consent and consent.is_withdrawn else "given" if consent else "none"
    return {
        # A portrait is animated only once its person's consent is recorded:
        # the upload's row links to that step (and back to `back`).
        "consent": state if asset.is_portrait else "",
        "consent_url": f"{consent_url(asset)}?{urlencode({'next': back})}"
        if asset.is_portrait and back
        else consent_url(asset)
        if asset.is_portrait
        else "",
        "code": str(asset.code),
        "kind": asset.kind,
        "label": asset.label,
        "summary": asset.summary(),
        "duration": asset.duration,
        "url": asset.get_absolute_url(),
        "notes": list(notes),
        "reused": reused,
    }


@require_POST
@login_required
def asset_upload_view(request, code):
    """One file per request, so the browser can show a progress bar per file.

    A portrait may come with the frame the person chose in the crop step
    (crop_x, crop_y, crop_width, crop_height): it is cropped to it."""
    project, membership = get_project(request.user, code, Action.EDIT)
    uploaded = request.FILES.get("file")
    try:
        if uploaded is None:
            raise UploadRefused("Choose a file to upload.")
        result = asset_upload(
            team=project.team,
            project=project,
            uploaded_by=request.user,
            uploaded=uploaded,
            kind=request.POST.get("kind") or None,
            crop=crop_from_post(request.POST),
        )
    except UploadRefused as refusal:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": refusal.message}, status=400)
        messages.error(request, refusal.message)
        return redirect(project)
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "asset": asset_json(
                    result.asset, result.notes, result.reused, back=project.get_absolute_url()
                ),
            }
        )
    messages.success(request, " ".join([f"“{result.asset.label}” is ready.", *result.notes]))
    return redirect(project)


@login_required
def asset_file(request, code):
    asset, _ = get_asset(request.user, code)
    if asset.is_deleted:
        # Removed from the library: no longer served, not even to videos made
        # with it (their pages say it was removed).
        raise Http404("This file was removed from the library.")
    return serve_file(
        request,
        asset.file,
        content_type=asset.content_type,
        filename=asset.download_name(),
        download=request.GET.get("download") == "1",
    )


@require_POST
@login_required
def asset_delete(request, code):
    """Remove an asset from the library: gone from the pickers and no longer
    served; the row and its file stay for the videos made with it."""
    asset, _ = get_asset(request.user, code, Action.EDIT)
    if asset.is_deleted:
        messages.info(request, f"“{asset.label}” was already removed from the library.")
    else:
        with transaction.atomic():
            asset.soft_delete()
            audit(
                asset.team,
                AuditKind.ASSET_REMOVED,
                user=request.user,
                project=asset.project,
                target=asset_target(asset),
                target_code=asset.code,
                summary="Removed from the library; videos made with it stay",
            )
        messages.success(
            request,
            f"“{asset.label}” was removed from the library."
            " Videos already made with it stay as they are.",
        )
    back = library_return(request, asset.team)
    if back:
        return redirect(back)
    if asset.project_id:
        return redirect(asset.project)
    return redirect("project_list")
