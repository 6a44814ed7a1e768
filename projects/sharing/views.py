"""Share links: owners create and revoke them; anyone holding one watches.

The public pages and their media carry no session-based access at all: the
token in the URL is checked on every request, so revoking a link stops the
video mid-stream.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseForbidden, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from projects.filenames import content_disposition, download_name
from projects.files import serve_render_file
from projects.links import absolute_url
from projects.models import Render, ReviewState, ShareLink
from projects.sharing.embeds import frame_ancestors
from projects.sharing.forms import ShareLinkForm
from projects.sharing.services import (
    shareable,
    sharelink_create,
    sharelink_render,
    sharelink_renders,
    sharelink_resolve,
    sharelink_revoke,
    sharelink_url,
)
from projects.sharing.zips import entry_names, zip_stream
from projects.teams.access import get_project
from projects.teams.roles import Action

NOTHING_APPROVED = (
    "No video of this project is approved yet. Tick the videos to share in the gallery, "
    "then choose “Share these”."
)


def _public(response):
    """Shared pages and media: no address leaks to other sites, no search engine."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _no_downloads():
    return _public(
        HttpResponseForbidden(
            "Downloading is turned off for this link. You can still watch the videos on the page.",
            content_type="text/plain; charset=utf-8",
        )
    )


def _gone(request):
    return _public(render(request, "projects/share_gone.html", status=404))


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
    after a POST, the one page that ever shows the new link's address."""
    project, _ = get_project(request.user, code, Action.MANAGE_SHARES)
    render_obj = _scope_render(project, request.POST.get("render") or request.GET.get("render"))
    form = ShareLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if render_obj is not None:
            chosen = [render_obj]
        else:
            chosen = list(shareable(project).filter(review_state=ReviewState.APPROVED))
        try:
            if not chosen:
                raise ValidationError(NOTHING_APPROVED)
            link, token = sharelink_create(
                project=project,
                renders=chosen,
                created_by=request.user,
                label=data["label"],
                expires_at=data["expires_at"],
                allow_download=data["allow_download"],
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
                    "url": absolute_url(sharelink_url(token), request),
                },
            )
    return render(
        request,
        "projects/share_new.html",
        {"project": project, "render": render_obj, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def share_revoke(request, code):
    try:
        link = ShareLink.objects.select_related("project").get(code=code)
    except (ShareLink.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such link.")
    get_project(request.user, link.project.code, Action.MANAGE_SHARES)
    sharelink_revoke(link=link)
    messages.success(request, f"The link “{link.label}” is turned off. Nobody can open it now.")
    render_code = request.POST.get("render")
    if request.POST.get("from") == "render" and render_code:
        shown = link.entries.filter(render__code=render_code).select_related("render").first()
        if shown is not None:
            return redirect(shown.render)
    return redirect(f"{link.project.get_absolute_url()}#shares")


@require_safe
def share_page(request, token):
    link = sharelink_resolve(token)
    if link is None:
        return _gone(request)
    renders = sharelink_renders(link).select_related("project")
    context = {
        "link": link,
        "project": link.project,
        "token": token,
        "page": Paginator(renders, 24).get_page(request.GET.get("page")),
    }
    template = "projects/share_room.html"
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return _public(response)


@require_safe
def share_media(request, token, render_code, which):
    link = sharelink_resolve(token)
    render_obj = sharelink_render(link, render_code) if link else None
    if render_obj is None:
        return _gone(request)
    download = request.GET.get("download") == "1"
    if not link.allow_download:
        if download:
            return _no_downloads()
        # Watch only: the copy with Kling's watermark when there is one, and
        # never offered as a file to save.
        if which == "video" and render_obj.watermarked_video:
            which = "watermarked"
    try:
        response = serve_render_file(request, render_obj, which, download)
    except Http404:
        return _gone(request)
    # Not kept in caches: a link turned off stops working at once.
    response["Cache-Control"] = "no-store"
    return _public(response)


@require_safe
def share_download_all(request, token):
    """ "Download all": one ZIP of the link's videos, named by their titles,
    streamed as it is written; only when the link allows downloads."""
    link = sharelink_resolve(token)
    if link is None:
        return _gone(request)
    if not link.allow_download:
        return _no_downloads()
    entries = entry_names(sharelink_renders(link).select_related("project"))
    files = [(name, render.video, render.finished_at) for name, render in entries]
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
    link = sharelink_resolve(token)
    render_obj = sharelink_render(link, render_code) if link else None
    if render_obj is None:
        return _gone(request)
    context = {"link": link, "token": token, "render": render_obj}
    response = render(request, "projects/share_embed.html", context)
    response.xframe_options_exempt = True
    # django-csp reads this per response, as its csp_replace decorator sets it.
    response._csp_replace = {"frame-ancestors": frame_ancestors(link)}
    response["Cache-Control"] = "no-store"
    return _public(response)
