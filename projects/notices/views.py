"""The bell's pages: every notice of a person (newest first, paged), the
small JSON the bell polls for its count, and the person's e-mail choices.
Dismissing is ``teams.account_views.notices_read``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from projects.notices.forms import NotificationPreferenceForm
from projects.notices.preferences import preferences_for
from projects.notices.tray import bell

NOTICES_PAGE_SIZE = 30


@login_required
def notice_list(request):
    notices = request.user.notices.select_related("render__project", "project")
    page = Paginator(notices, NOTICES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page, "nav": "notices"})


@never_cache
@login_required
def notice_count(request):
    """What the bell shows, for its poll: the count and the collapsed lines."""
    shown = bell(request.user)
    return JsonResponse(shown | {"lines": [line.as_json() for line in shown["lines"]]})


@login_required
def notice_email_settings(request):
    preference = preferences_for(request.user)
    form = NotificationPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Saved: we will e-mail you as you chose.")
            return redirect("notice_email_settings")
        return render(request, "notices/email_settings.html", {"form": form}, status=400)
    return render(request, "notices/email_settings.html", {"form": form})
