"""A share link's optional password: owners set, change or remove it on the
link's page; visitors type it on the link's password page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from projects.models import ShareLink
from projects.sharing.passwords import (
    GUESS_WINDOW_SECONDS,
    grant_access,
    guess_wrong,
    guesses_left,
    password_matches,
    sharelink_remove_password,
    sharelink_set_password,
)
from projects.sharing.responses import gone, public
from projects.sharing.services import sharelink_resolve, sharelink_url
from projects.teams.access import get_project
from projects.teams.roles import Action


def _see_room(token: str):
    """On to the room (303: see it with a GET; a 302 here would read like
    "log in first" to the authorization table)."""
    response = redirect(sharelink_url(token))
    response.status_code = 303
    return response


def link_page(link: ShareLink) -> str:
    """The team's page of this link, or the project's links when there is none."""
    try:
        return reverse("share_detail", args=[link.code])
    except NoReverseMatch:
        return f"{link.project.get_absolute_url()}#shares"


@require_POST
@login_required
def share_password(request, code):
    try:
        link = ShareLink.objects.select_related("project").get(code=code)
    except (ShareLink.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such link.")
    get_project(request.user, link.project.code, Action.MANAGE_SHARES)
    if request.POST.get("action") == "remove":
        if link.password_hash:
            sharelink_remove_password(link=link, by=request.user)
            messages.success(request, f"“{link.label}” opens without a password now.")
        return redirect(link_page(link))
    had_one = bool(link.password_hash)
    try:
        sharelink_set_password(
            link=link, password=request.POST.get("password", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        news = (
            "has a new password: people who typed the old one are asked again"
            if had_one
            else ("asks for a password now")
        )
        messages.success(
            request,
            f"“{link.label}” {news}. Send the password separately from the link, "
            "for example by phone or in another message.",
        )
    return redirect(link_page(link))


@never_cache
@require_POST
def share_unlock(request, token):
    """The password page's form. A wrong password answers exactly like a link
    that does not exist, and both run out of guesses the same way."""
    if not guesses_left(request, token):
        minutes = GUESS_WINDOW_SECONDS // 60
        return public(
            render(request, "projects/share_too_many.html", {"minutes": minutes}, status=429)
        )
    link = sharelink_resolve(token)
    if link is not None and not link.password_hash:
        return public(_see_room(token))
    if not password_matches(link, request.POST.get("password", "")):
        guess_wrong(request, token)
        return gone(request)
    return public(grant_access(_see_room(token), link, token, request))
