from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from projects.assets.uploads import UploadRefused, asset_upload
from projects.files import serve_file
from projects.models import Asset
from projects.teams.access import get_membership, get_project
from projects.teams.roles import Action


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def asset_json(asset, notes=(), reused=False):
    return {
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
    """One file per request, so the browser can show a progress bar per file."""
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
        )
    except UploadRefused as refusal:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": refusal.message}, status=400)
        messages.error(request, refusal.message)
        return redirect(project)
    if _wants_json(request):
        return JsonResponse(
            {"ok": True, "asset": asset_json(result.asset, result.notes, result.reused)}
        )
    messages.success(request, " ".join([f"“{result.asset.label}” is ready.", *result.notes]))
    return redirect(project)


def _asset_for(user, code, action=Action.VIEW):
    try:
        asset = Asset.objects.select_related("team").get(code=code)
    except (Asset.DoesNotExist, ValueError):
        raise Http404("No such file.")
    get_membership(user, asset.team.code, action)
    return asset


@login_required
def asset_file(request, code):
    asset = _asset_for(request.user, code)
    if asset.is_deleted:
        # Removed from the library: no longer served, not even to videos made
        # with it (their pages say it was removed).
        raise Http404("This file was removed from the library.")
    name = asset.label.rsplit(".", 1)[0] + "." + asset.extension
    return serve_file(
        request,
        asset.file,
        content_type=asset.content_type,
        filename=name,
        download=request.GET.get("download") == "1",
    )


@require_POST
@login_required
def asset_delete(request, code):
    asset = _asset_for(request.user, code, Action.EDIT)
    asset.soft_delete()
    messages.success(
        request,
        f"“{asset.label}” was removed from the library."
        " Videos already made with it stay as they are.",
    )
    if asset.project_id:
        return redirect(asset.project)
    return redirect("project_list")
