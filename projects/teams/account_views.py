from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from projects.teams.forms import SignUpForm
from projects.teams.services import user_sign_up


def _path_on_this_site(request, url):
    """`url` if it is a path on this site, else "". Anything else, even a
    relative "0", would be taken by redirect() for the name of a page and
    fail with a server error."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _safe_next(request):
    # Carries an invitation through sign-up; only addresses on this site.
    return _path_on_this_site(request, request.POST.get("next") or request.GET.get("next") or "")


def signup(request):
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "project_list")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            name=form.cleaned_data["name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Avatar Studio! Start by creating a project.")
        return redirect(next_url or "project_list")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


@require_POST
@login_required
def notices_read(request):
    request.user.notices.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect(_path_on_this_site(request, request.POST.get("next", "")) or "/")
