"""The render page's "Download with…": asking for a download with captions
or the label burned in, following it without reloading, fetching it.

Whoever may download a video may ask for one (viewers included: it is the
same video, drawn on), and only their team's videos (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from projects.filenames import download_name
from projects.files import serve_file
from projects.models import ExportState
from projects.renders.titles import shown_title
from projects.renders.views import render_page
from projects.teams.access import get_render
from projects.teams.roles import Action

from .forms import ExportForm
from .services import export_request, export_retry, is_stuck, state_words


def _back(render_obj):
    return redirect(reverse("render_detail", args=[render_obj.code]) + "#downloads")


def _export_of(render_obj, export_code):
    try:
        return render_obj.exports.get(code=export_code)
    except render_obj.exports.model.DoesNotExist:
        raise Http404("No such download.")


@require_POST
@login_required
def render_export_create(request, code):
    render_obj, membership = get_render(request.user, code, Action.DOWNLOAD)
    form = ExportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            export, new = export_request(
                render=render_obj,
                burn_captions=data["burn_captions"],
                ai_label=data["ai_label"],
                label_text=data["label_text"],
                requested_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if export.state == ExportState.READY:
                messages.success(request, "This download is ready already: see below.")
            else:
                messages.success(request, "Preparing your download. It appears below when ready.")
            return _back(render_obj)
    return render_page(request, render_obj, membership, export_form=form, status=400)


@require_POST
@login_required
def render_export_retry(request, code, export_code):
    render_obj, _ = get_render(request.user, code, Action.DOWNLOAD)
    if export_retry(export=_export_of(render_obj, export_code)):
        messages.success(request, "Trying again. It appears below when ready.")
    else:
        messages.info(request, "This download is ready or on its way already.")
    return _back(render_obj)


def export_json(export):
    ready = export.state == ExportState.READY
    return {
        "code": str(export.code),
        "state": "failed" if is_stuck(export) else export.state,
        "words": state_words(export),
        "download": reverse("render_export_download", args=[export.render.code, export.code])
        if ready
        else None,
    }


@never_cache
@require_safe
@login_required
def render_exports_json(request, code):
    """What the page polls while a download is being made."""
    render_obj, _ = get_render(request.user, code, Action.DOWNLOAD)
    exports = render_obj.exports.select_related("render")[:10]
    return JsonResponse({"exports": [export_json(e) for e in exports]})


@require_safe
@login_required
def render_export_download(request, code, export_code):
    render_obj, _ = get_render(request.user, code, Action.DOWNLOAD)
    export = _export_of(render_obj, export_code)
    if export.state != ExportState.READY or not export.file:
        raise Http404("This download is not ready yet.")
    name = download_name(shown_title(render_obj), "mp4", note=export.note())
    return serve_file(request, export.file, content_type="video/mp4", filename=name, download=True)
