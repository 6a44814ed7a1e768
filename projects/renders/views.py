import hmac
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from projects.captions.editor import caption_editor
from projects.exports.forms import ExportForm
from projects.exports.services import exports_shown
from projects.files import serve_render_file
from projects.gallery.cards import card_json, gallery_renders
from projects.gallery.views import project_page
from projects.kling import limits
from projects.models import Render, RenderStatus
from projects.notices.tray import read_on_open
from projects.renders.callbacks import render_apply_callback
from projects.renders.forms import RenderAgainForm, RenderForm, RenderTitleForm
from projects.renders.holds import release_held
from projects.renders.progress import speeds
from projects.renders.queue import enqueue_callback_refresh
from projects.renders.services import (
    ARCHIVED,
    render_again,
    render_cancel,
    render_rename,
    render_retry,
    renders_create_batch,
)
from projects.reviews.forms import CommentForm
from projects.reviews.services import conversation
from projects.teams.access import get_project, get_render
from projects.teams.roles import Action
from projects.usage.budgets import hold_notice

# What the versions list shows of each version.
VERSION_FIELDS = (
    *("code", "version", "title", "status", "mode", "prompt"),
    *("review_state", "video", "parent"),
)


@require_POST
@login_required
def render_create_view(request, code):
    """Queue what the form asks for. A mistake, or a batch above the
    confirmation threshold that was not confirmed, shows the project page
    again with every choice kept; nothing is queued."""
    project, membership = get_project(request.user, code, Action.EDIT)
    if project.is_archived:  # its page has no form to show anything in
        messages.error(request, ARCHIVED)
        return redirect(project)
    form = RenderForm(request.POST, team=project.team)
    if not form.is_valid():
        return project_page(request, project, membership, render_form=form, status=400)
    data = form.cleaned_data
    plan = form.plan
    if plan.needs_confirmation and not plan.confirmed_by(data["confirmed"]):
        return project_page(request, project, membership, render_form=form, confirm=plan)
    try:
        renders = renders_create_batch(
            project=project,
            created_by=request.user,
            portraits=list(data["portraits"]),
            voiceovers=list(data["voiceovers"]),
            script=data["script"],
            voice_id=data.get("voice_id", ""),
            voice_language=data.get("voice_language", "en"),
            prompt=data["prompt"],
            mode=data["mode"],
            watermark=data["watermark"],
        )
    except ValidationError as error:  # an upload deleted meanwhile, say
        form.add_error(None, error.messages[0])
        return project_page(request, project, membership, render_form=form, status=400)
    count = len(renders)
    messages.success(
        request,
        "Your video is queued. It will appear below and update by itself."
        if count == 1
        else f"{count} videos are queued. They update by themselves below.",
    )
    return redirect(f"{project.get_absolute_url()}#gallery")


@login_required
def render_status_json(request, code):
    """The light endpoint the gallery polls to update cards without reloading."""
    project, membership = get_project(request.user, code)
    codes = _uuids(request.GET.getlist("code")[:200])
    renders = gallery_renders(project).filter(code__in=codes)
    known = speeds()  # the estimates' history: one lookup for every card
    return JsonResponse({"renders": [card_json(r, known=known) for r in renders]})


def _uuids(values):
    """The values that are UUIDs; the others (a mangled or hand-made address)
    name no render, so they are ignored rather than refused."""
    codes = []
    for value in values:
        try:
            codes.append(uuid.UUID(value))
        except ValueError:
            continue
    return codes


@login_required
def render_detail(request, code):
    render_obj, membership = get_render(request.user, code)
    read_on_open(request.user, render_obj)  # opening the video reads its notices
    return render_page(request, render_obj, membership)


def render_page(
    request,
    render_obj,
    membership,
    *,
    comment_form=None,
    title_form=None,
    captions=None,
    export_form=None,
    status=200,
):
    """A render's page: the player, its details, versions and conversation.
    The comment, review, caption and "Download with…" views show it again,
    with their form's errors (`captions`: `caption_editor`'s keyword
    arguments)."""
    root = render_obj.parent_id or render_obj.pk
    versions = list(
        Render.objects.filter(Q(pk=root) | Q(parent_id=root))
        .order_by("version")
        .only(*VERSION_FIELDS)
    )
    watermarked = bool(render_obj.watermarked_video) and request.GET.get("copy") == "watermarked"
    held = render_obj.status == RenderStatus.HELD
    return render(
        request,
        "projects/render_detail.html",
        {
            "render": render_obj,
            "project": render_obj.project,
            "membership": membership,
            "can_edit": membership.can(Action.EDIT),
            "can_review": membership.can(Action.EDIT) and render_obj.can_review,
            "can_comment": membership.can(Action.COMMENT),
            "can_download": membership.can(Action.DOWNLOAD),
            "held_banner": hold_notice(render_obj, timezone.now()) if held else None,
            "can_release": held and membership.can(Action.MANAGE_BUDGET),
            "copy": "watermarked" if watermarked else "video",
            "versions": versions,
            "compare_with": [v for v in versions if v.pk != render_obj.pk and v.video]
            if render_obj.video
            else [],
            "comments": conversation(render_obj),
            "comment_form": comment_form or CommentForm(),
            "title_form": title_form
            or RenderTitleForm(initial={"title": render_obj.title}, old_title=render_obj.title),
            "export_form": export_form or ExportForm(),
            "exports": exports_shown(render_obj),
            "again_form": RenderAgainForm(
                initial={"prompt": render_obj.prompt, "mode": render_obj.mode}
            ),
            **caption_editor(render_obj, membership, **(captions or {})),
        },
        status=status,
    )


@require_POST
@login_required
def render_rename_view(request, code):
    """Editors and owners rename a video; a refused title changes nothing and
    shows the page again with the reason beside the field."""
    render_obj, membership = get_render(request.user, code, Action.EDIT)
    form = RenderTitleForm(request.POST, old_title=render_obj.title)
    if not form.is_valid():
        return render_page(request, render_obj, membership, title_form=form, status=400)
    render_rename(render=render_obj, title=form.cleaned_data["title"], by=request.user)
    messages.success(request, f"Renamed to “{render_obj.title}”.")
    return redirect(render_obj)


@require_POST
@login_required
def render_cancel_view(request, code):
    render_obj, _ = get_render(request.user, code, Action.EDIT)
    if render_cancel(render=render_obj, by=request.user):
        messages.success(request, "Canceled. Nothing was sent to Kling.")
    else:
        messages.error(request, "This video is already at Kling and can no longer be canceled.")
    return redirect(render_obj)


@require_POST
@login_required
def render_release_view(request, code):
    """An owner sends a video that waits over budget, even over the budget."""
    render_obj, _ = get_render(request.user, code, Action.MANAGE_BUDGET)
    if release_held(render=render_obj, by=request.user):
        messages.success(request, "Released: this video goes to Kling now, even over the budget.")
    else:
        messages.error(request, "Only a video that waits over budget can be released.")
    return redirect(render_obj)


@require_POST
@login_required
def render_retry_view(request, code):
    render_obj, _ = get_render(request.user, code, Action.EDIT)
    try:
        retried = render_retry(render=render_obj, by=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(render_obj)
    if retried:
        messages.success(request, "Queued again.")
    else:
        messages.error(request, "Only a failed or canceled video can be retried.")
    return redirect(render_obj)


@require_POST
@login_required
def render_again_view(request, code):
    render_obj, _ = get_render(request.user, code, Action.EDIT)
    form = RenderAgainForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, f"The direction can be at most {limits.PROMPT_MAX_CHARS} characters."
        )
        return redirect(render_obj)
    try:
        new = render_again(
            render=render_obj,
            created_by=request.user,
            prompt=form.cleaned_data["prompt"],
            mode=form.cleaned_data["mode"],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(render_obj)
    messages.success(request, f"Version {new.version} is queued.")
    return redirect(new)


@login_required
def render_media(request, code, which):
    render_obj, membership = get_render(request.user, code)
    download = request.GET.get("download") == "1"
    return serve_render_file(request, render_obj, which, download)


@csrf_exempt
@require_POST
def kling_callback(request, code, token):
    """Kling's "status changed" report. The token in the URL is per render;
    with a valid one, a report about the render's own task is applied
    (``renders/callbacks.py``); anything else only triggers an authoritative
    query, at most one per render every few seconds however many arrive."""
    try:
        render_obj = Render.objects.only("pk", "code", "status").get(code=code)
    except (Render.DoesNotExist, ValueError):
        raise Http404("No such render.")
    if not hmac.compare_digest(render_obj.callback_token(), token):
        raise Http404("No such render.")
    if render_obj.is_in_flight and not render_apply_callback(
        render_id=render_obj.pk, body=request.body
    ):
        enqueue_callback_refresh(render_obj.pk)
    return HttpResponse(status=204)
