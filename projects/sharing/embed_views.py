"""The team's side of embedding: which sites may show a link's videos."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from projects.models import ShareLink
from projects.sharing.embeds import embed_sites_clean
from projects.sharing.rooms import audit_link
from projects.teams.access import get_project
from projects.teams.roles import Action


def link_page(link: ShareLink) -> str:
    """The link's own page when the app has one, else its project's links."""
    try:
        return reverse("share_detail", args=[link.code]) + "#embed"
    except NoReverseMatch:
        return f"{link.project.get_absolute_url()}#shares"


@require_POST
@login_required
def share_embed_sites(request, code):
    """Save the sites that may embed the link's videos. A mistake in the list
    keeps the old list and says which line is wrong."""
    try:
        link = ShareLink.objects.select_related("project").get(code=code)
    except (ShareLink.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such link.")
    get_project(request.user, link.project.code, Action.MANAGE_SHARES)
    try:
        sites = embed_sites_clean(request.POST.get("embed_sites", ""))
    except ValidationError as error:
        messages.error(request, f"{error.messages[0]} The list of sites was not changed.")
        return redirect(link_page(link))
    with transaction.atomic():
        before = ", ".join(link.embed_sites.split()) or "any https site"
        link.embed_sites = sites
        link.save(update_fields=["embed_sites"])
        after = ", ".join(sites.split()) or "any https site"
        audit_link(link, request.user, f"Sites that may embed: {before} → {after}")
    if sites:
        count = len(sites.splitlines())
        messages.success(
            request,
            f"Saved. {'This site' if count == 1 else f'These {count} sites'} can show the "
            "videos of this link.",
        )
    else:
        messages.success(request, "Saved. Any https website can show the videos of this link.")
    return redirect(link_page(link))
