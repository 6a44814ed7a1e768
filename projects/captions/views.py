"""Serving captions: the VTT the player's <track> reads and the VTT/SRT
downloads (named by the video's title), for the team and on share links;
pasting a voiceover's script and making the captions again (editors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from projects.audit.log import audit, render_target
from projects.models import AuditKind, RenderStatus
from projects.renders.queue import enqueue_captions
from projects.sharing.passwords import sharelink_open
from projects.sharing.responses import gone as gone_page
from projects.sharing.responses import public
from projects.sharing.services import sharelink_render
from projects.teams.access import get_render
from projects.teams.roles import Action

from .forms import TranscriptForm
from .served import caption_response


@login_required
@require_safe
def render_captions(request, code, fmt):
    render_obj, membership = get_render(request.user, code)
    download = fmt == "srt" or request.GET.get("download") == "1"
    if download and not membership.can(Action.DOWNLOAD):
        return HttpResponseForbidden("Your role cannot download files.")
    response = caption_response(render_obj, fmt, download)
    if response is None:
        raise Http404("This video has no captions yet.")
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
def share_captions(request, token, render_code, fmt):
    """On a link: the VTT for the player always; files to keep only when the
    link allows downloads."""
    link = sharelink_open(request, token)
    render_obj = sharelink_render(link, render_code) if link else None
    if render_obj is None:
        return gone_page(request)
    download = fmt == "srt" or request.GET.get("download") == "1"
    if download and not link.allow_download:
        return public(
            HttpResponseForbidden(
                "Downloading is turned off for this link. The captions still show in the player.",
                content_type="text/plain; charset=utf-8",
            )
        )
    response = caption_response(render_obj, fmt, download)
    if response is None:
        return gone_page(request)
    response["Cache-Control"] = "no-store"
    return public(response)


@login_required
@require_POST
def render_captions_remake(request, code):
    """Saves the voiceover's pasted script (if the form has one) and makes the
    captions again in the worker."""
    render_obj, _ = get_render(request.user, code, Action.EDIT)
    said = []
    with transaction.atomic():
        if render_obj.voiceover_id and "transcript" in request.POST:
            form = TranscriptForm(request.POST)
            if not form.is_valid():
                messages.error(request, "The script is too long: keep it under 5,000 characters.")
                return redirect(render_obj.get_absolute_url() + "#captions")
            render_obj.voiceover.transcript = form.cleaned_data["transcript"].strip()
            render_obj.voiceover.transcript_language = form.cleaned_data["language"]
            render_obj.voiceover.save(update_fields=["transcript", "transcript_language"])
            said.append(f"the words of the voiceover “{render_obj.voiceover.label}” saved")
        if render_obj.status != RenderStatus.DONE:
            messages.info(request, "Captions are made once the video is ready.")
        else:
            enqueue_captions(render_obj.pk)
            said.append("captions to be made again")
            messages.success(request, "The captions are being made again: reload in a minute.")
        if said:
            summary = " and ".join(said)
            audit(
                render_obj.project.team,
                AuditKind.CAPTIONS_CHANGED,
                user=request.user,
                project=render_obj.project,
                target=render_target(render_obj),
                target_code=render_obj.code,
                summary=summary[0].upper() + summary[1:],
            )
    return redirect(render_obj.get_absolute_url() + "#captions")
