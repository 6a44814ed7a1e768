"""A person's own things outside any team: their notices. Signing up, logging
in and out, resetting a password and two-step sign-in are allauth's views
(``avatarstudio/urls.py``), with our templates in ``templates/account`` and
``templates/mfa``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


@require_POST
@login_required
def notices_read(request):
    request.user.notices.filter(read_at__isnull=True).update(read_at=timezone.now())
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    return redirect(target)
