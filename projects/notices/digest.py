"""The daily digest: one e-mail per person listing the notices they chose to
get in a digest, since their last one.

Each such notice is marked ``awaiting_digest`` when it is made and unmarked
in the same transaction that records the digest that listed it, so a notice
is listed once (a second run finds nothing: no e-mail), a run that fails to
send leaves it for the next run, and a notice made while a digest is being
sent waits for the next one. A person with nothing waiting gets no e-mail."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from projects.mail import send
from projects.models import MailChoice, Notice, NotificationPreference
from projects.notices.preferences import preferences_for
from projects.teams.names import one_line
from projects.wording import quantity

log = logging.getLogger(__name__)


def digest_body(notices: list[Notice], since) -> str:
    """The e-mail's text: each notice's words and its page, by project."""
    opening = (
        f"Since your last digest ({timezone.localtime(since):%d %b %Y, %H:%M}):"
        if since
        else "What happened in Avatar Studio:"
    )
    parts = [opening]
    by_project: dict[str, list[Notice]] = {}
    for notice in notices:
        name = one_line(notice.project.name) if notice.project_id else "Other"
        by_project.setdefault(name, []).append(notice)
    for name, found in by_project.items():
        lines = [f"{name}:"]
        for notice in found:
            lines.append(f"- {one_line(notice.message)}")
            if notice.render_id and settings.SITE_URL:
                lines.append(f"  {settings.SITE_URL}{notice.render.get_absolute_url()}")
        parts.append("\n".join(lines))
    parts.append(
        "You chose to get these once a day. Change it in Avatar Studio under "
        "Account, E-mail me about.\n\nAvatar Studio"
    )
    return "\n\n".join(parts)


def send_digest(user_id: int, now=None) -> bool:
    """Send one person's digest if anything waits for it; whether it went."""
    now = now or timezone.now()
    with transaction.atomic():
        waiting = list(
            Notice.objects.select_for_update(of=("self",))
            .filter(user_id=user_id, awaiting_digest=True)
            .select_related("user", "render__project", "project")
            .order_by("created", "pk")
        )
        if not waiting:
            return False
        person = waiting[0].user
        preference = preferences_for(person)
        # A kind the person has since turned off is dropped, not sent.
        listed = [n for n in waiting if preference.choice_for(n.kind) != MailChoice.NEVER]
        sent = False
        if listed and person.email and person.is_active:
            sent = send(
                subject=f"Your Avatar Studio digest: {quantity(len(listed), 'notice')}",
                body=digest_body(listed, preference.last_digest_at),
                to=person.email,
            )
            if not sent:
                return False  # left waiting for the next run
        Notice.objects.filter(pk__in=[n.pk for n in waiting]).update(awaiting_digest=False)
        if sent:
            NotificationPreference.objects.update_or_create(
                user=person, defaults={"last_digest_at": now}
            )
        return sent


def send_digests(now=None) -> int:
    """Every waiting person's digest; how many went."""
    now = now or timezone.now()
    people = (
        Notice.objects.filter(awaiting_digest=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    count = 0
    for user_id in list(people):
        try:
            count += send_digest(user_id, now)
        except Exception:
            # One person's digest must not keep the others from theirs.
            log.exception("Could not send the digest of user %s", user_id)
    return count
