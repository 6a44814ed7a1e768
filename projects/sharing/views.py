"""Share links: owners create and revoke them; anyone holding one watches.

The public pages and their media carry no session-based access at all: the
token in the URL is checked on every request, so revoking a link stops the
video mid-stream. A link with a password also asks for the cookie that says
it was typed (projects/sharing/passwords.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseForbidden, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from projects.exports.services import labelled_copies, link_download
from projects.filenames import content_disposition, download_name
from projects.files import serve_file, serve_render_file
from projects.links import absolute_url
from projects.models import Render, ReviewState, ShareLink
from projects.renders.titles import shown_title
from projects.sharing.embeds import frame_ancestors
from projects.sharing.feedback import room_comments
from projects.sharing.forms import SHOWS_CHOSEN, ShareLinkForm
from projects.sharing.passwords import password_ok, sharelink_open
from projects.sharing.responses import gone as gone_page
from projects.sharing.responses import public as _public
from projects.sharing.rooms import picked_renders
from projects.sharing.services import (
    shareable,
    sharelink_create,
    sharelink_render,
    sharelink_renders,
    sharelink_resolve,
    sharelink_revoke,
    sharelink_url,
)
from projects.sharing.visitors import remember_visitor, visit_record, visitor_from_request
from projects.sharing.zips import entry_names, zip_stream
from projects.teams.access import get_project
from projects.teams.roles import Action

ROOM_PAGE_SIZE = 24
NOTHING_APPROVED = (
    "No video of this project is approved yet. Tick the videos to share in the gallery, "
    "then choose “Share these”."
)
NOTHING_TICKED = (
    "No video is ticked. Tick the videos to share in the gallery, or choose “All approved videos”."
)


def _no_downloads():
    return _public(
        HttpResponseForbidden(
            "Downloading is turned off for this link. You can still watch the videos on the page.",
            content_type="text/plain; charset=utf-8",
        )
    )


def _scope_render(project, code):
    if not code:
        return None
    try:
        return Render.objects.select_related("portrait").get(project=project, code=code)
    except (Render.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such video in this project.")


@never_cache
@login_required
def share_create(request, code):
    """The form (also shown in the project's and a render's share panel) and,
    after a POST, the page that shows the new link's address. The videos
    ticked in the gallery come as `videos` (GET from the gallery, then POST);
    a render's page sends its one `render`."""
    project, _ = get_project(request.user, code, Action.MANAGE_SHARES)
    data = request.POST if request.method == "POST" else request.GET
    render_obj = _scope_render(project, data.get("render"))
    problem = None
    try:
        ticked = [] if render_obj else picked_renders(project, data.getlist("videos"))
    except ValidationError as error:
        ticked, problem = [], error
    form = ShareLinkForm(request.POST or None, ticked=len(ticked))
    if request.method == "POST" and form.is_valid() and problem is None:
        data = form.cleaned_data
        if render_obj is not None:
            chosen = [render_obj]
        elif data["shows"] == SHOWS_CHOSEN:
            chosen = ticked
        else:
            chosen = list(
                shareable(project).filter(review_state=ReviewState.APPROVED).order_by("-created")
            )
        try:
            if not chosen:
                raise ValidationError(
                    NOTHING_TICKED if data["shows"] == SHOWS_CHOSEN else NOTHING_APPROVED
                )
            link, token = sharelink_create(
                project=project,
                renders=chosen,
                created_by=request.user,
                label=data["label"],
                expires_at=data["expires_at"],
                allow_download=data["allow_download"],
                allow_feedback=data["allow_feedback"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request,
                "projects/share_created.html",
                {
                    "project": project,
                    "render": render_obj,
                    "link": link,
                    "video_count": len(chosen),
                    "url": absolute_url(sharelink_url(token), request),
                },
            )
    approved = shareable(project).filter(review_state=ReviewState.APPROVED).count()
    return render(
        request,
        "projects/share_new.html",
        {
            "project": project,
            "render": render_obj,
            "form": form,
            "ticked": ticked,
            "problem": problem.messages[0] if problem else "",
            "approved_count": approved,
        },
        status=400 if form.is_bound or problem else 200,
    )


@require_POST
@login_required
def share_revoke(request, code):
    try:
        link = ShareLink.objects.select_related("project").get(code=code)
    except (ShareLink.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such link.")
    get_project(request.user, link.project.code, Action.MANAGE_SHARES)
    sharelink_revoke(link=link, by=request.user)
    messages.success(request, f"The link “{link.label}” is turned off. Nobody can open it now.")
    render_code = request.POST.get("render")
    came_from = request.POST.get("from")
    if came_from == "link":
        return redirect("share_detail", link.code)
    if came_from == "render" and render_code:
        shown = link.entries.filter(render__code=render_code).select_related("render").first()
        if shown is not None:
            return redirect(shown.render)
    return redirect(f"{link.project.get_absolute_url()}#shares")


@require_safe
def share_page(request, token):
    """The room; a link with a password asks for it first. Each opening by
    someone outside the team is counted for their visitor cookie."""
    link = sharelink_resolve(token)
    if link is None:
        return gone_page(request)
    if not password_ok(request, link):
        response = render(request, "projects/share_password.html", {"token": token})
        response["Cache-Control"] = "no-store"
        return _public(response)
    return room_page(request, link, token, page_number=request.GET.get("page"))


def room_page(request, link, token, *, page_number=None, status=200, **extra):
    """The room: the link's videos, a page at a time; with clients' feedback
    when the link asks for it. The feedback views show it again with their
    form's errors (``extra``). A GET by someone outside the team counts as
    an opening for their visitor cookie (made on their first)."""
    counted = visit_record(request, link) if request.method == "GET" else None
    # Not counted (a bot, the team, a form's answer) is still who they said they are.
    visitor = counted or visitor_from_request(request, link)
    renders = sharelink_renders(link).select_related("project")
    page = Paginator(renders, ROOM_PAGE_SIZE).get_page(page_number)
    context = {
        "link": link,
        "project": link.project,
        "token": token,
        "page": page,
        "visitor": visitor,
    }
    page.object_list = list(page.object_list)
    if link.allow_download and link.ai_label:
        copies = labelled_copies(page.object_list)
        for render_obj in page.object_list:
            render_obj.link_download = link_download(copies.get(render_obj.pk))
    if link.allow_feedback:
        said = room_comments(link, page.object_list)
        answer = extra.get("answer") or {}
        for render_obj in page.object_list:
            render_obj.room_comments = said[render_obj.pk]
            mine = answer.get("render_code") == render_obj.code
            render_obj.room_answer = answer if mine else None
    response = render(request, "projects/share_room.html", context | extra, status=status)
    response["Cache-Control"] = "no-store"
    if visitor is not None:
        remember_visitor(response, link, visitor, token, request)
    return _public(response)


@require_safe
def share_media(request, token, render_code, which):
    link = sharelink_open(request, token)
    render_obj = sharelink_render(link, render_code) if link else None
    if render_obj is None:
        return gone_page(request)
    download = request.GET.get("download") == "1"
    if not link.allow_download:
        if download:
            return _no_downloads()
        # Watch only: the copy with Kling's watermark when there is one, and
        # never offered as a file to save.
        if which == "video" and render_obj.watermarked_video:
            which = "watermarked"
    try:
        if download and which == "video" and link.ai_label:
            response = _labelled_download(request, render_obj)
        else:
            response = serve_render_file(request, render_obj, which, download)
    except Http404:
        return gone_page(request)
    # Not kept in caches: a link turned off stops working at once.
    response["Cache-Control"] = "no-store"
    return _public(response)


PREPARING = (
    "The download of this video, with its “AI-generated” label, is being prepared. "
    "Try again in a minute."
)


def _labelled_download(request, render_obj):
    """A labelled link's download: the copy with the label burned in once the
    worker made it; while it is on its way, a plain answer saying so."""
    export = labelled_copies([render_obj]).get(render_obj.pk)
    what = link_download(export)
    if what == "preparing":
        response = HttpResponse(PREPARING, status=409, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "60"
        return response
    if what == "labelled":
        name = download_name(shown_title(render_obj), "mp4", note="AI-generated")
        return serve_file(
            request, export.file, content_type="video/mp4", filename=name, download=True
        )
    return serve_render_file(request, render_obj, "video", True)


@require_safe
def share_download_all(request, token):
    """ "Download all": one ZIP of the link's videos, named by their titles,
    streamed as it is written; only when the link allows downloads."""
    link = sharelink_open(request, token)
    if link is None:
        return gone_page(request)
    if not link.allow_download:
        return _no_downloads()
    entries = entry_names(sharelink_renders(link).select_related("project"))
    # With the label on: each video's labelled copy where it is ready.
    copies = labelled_copies([r for _, r in entries]) if link.ai_label else {}
    files = []
    for name, shown in entries:
        copy = copies.get(shown.pk)
        field = copy.file if link_download(copy) == "labelled" else shown.video
        files.append((name, field, shown.finished_at))
    response = StreamingHttpResponse(zip_stream(files), content_type="application/zip")
    response["Content-Disposition"] = content_disposition(
        download_name(link.project.name, "zip"), download=True
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return _public(response)


@require_safe
def share_embed(request, token, render_code):
    """One video alone, for other websites' <iframe>: the only page that may
    be framed, and only by the sites the link lists (any https site when it
    lists none). A link turned off or expired shows the usual page, unframed."""
    # A link with a password is refused here like an unknown link: its
    # password cookie is not sent inside another site's frame.
    link = sharelink_open(request, token)
    render_obj = sharelink_render(link, render_code) if link else None
    if render_obj is None:
        return gone_page(request)
    context = {"link": link, "token": token, "render": render_obj}
    response = render(request, "projects/share_embed.html", context)
    response.xframe_options_exempt = True
    # django-csp reads this per response, as its csp_replace decorator sets it.
    response._csp_replace = {"frame-ancestors": frame_ancestors(link)}
    response["Cache-Control"] = "no-store"
    return _public(response)
