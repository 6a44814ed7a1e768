"""A person's own things outside any team: dismissing their notices (the
bell's pages are ``projects.notices.views``). Signing up, logging
in and out, resetting a password and two-step sign-in are allauth's views
(``avatarstudio/urls.py``), with our templates in ``templates/account`` and
``templates/mfa``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


def _path_on_this_site(request, url):
    """`url` if it is a path on this site, else "". Anything else, even a
    relative "0", would be taken by redirect() for the name of a page and
    fail with a server error."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@require_POST
@login_required
def notices_read(request):
    """Dismiss notices: those named by `notice` (one line of the bell, which
    may be several collapsed), or all of them when none is named. Ids that
    are not the person's unread notices are ignored."""
    unread = request.user.notices.filter(read_at__isnull=True)
    if "notice" in request.POST:
        ids = [int(i) for i in request.POST.getlist("notice")[:200] if i.isdigit() and len(i) < 19]
        unread = unread.filter(pk__in=ids)
    unread.update(read_at=timezone.now())
    return redirect(_path_on_this_site(request, request.POST.get("next", "")) or "/")
