from django.conf import settings

from projects.models import ProviderPause
from projects.notices.tray import bell
from projects.teams.roles import Action


def studio(request):
    context = {"uses_sandbox": settings.KLING_USES_SANDBOX}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    context["bell"] = bell(user)
    membership = getattr(request, "membership", None)
    if membership and membership.can(Action.MANAGE_MEMBERS):
        # Owners are the ones who can fix keys or billing with an operator.
        # The membership says whether a pause is on (teams/access.py
        # page_extras), so the row is read only while there is one.
        paused = getattr(membership, "provider_pause_id", True)
        context["provider_pause"] = ProviderPause.objects.first() if paused else None
    return context
