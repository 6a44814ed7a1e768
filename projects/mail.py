"""Sending e-mail: the one place the app calls Django's mail, so that every
subject goes through ``subject_line`` and no send can break the work that
came before it (a row written, a render finished)."""

import logging

from django.core.mail import send_mail

from projects.teams.names import one_line

log = logging.getLogger(__name__)

SUBJECT_MAX = 150


def subject_line(text: str, *, limit: int = SUBJECT_MAX) -> str:
    """A subject on one line, whatever names it holds: a line break in a
    header is refused by the mail library (BadHeaderError)."""
    line = one_line(text)
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


def send(*, subject: str, body: str, to: str) -> bool:
    """Send one e-mail; whether it went. A failure is logged, never raised:
    callers say so to the person or rely on the notice in the app."""
    try:
        send_mail(
            subject=subject_line(subject),
            message=body,
            from_email=None,
            recipient_list=[to],
        )
    except Exception:
        # A mail server that is down (OSError, SMTPException) or a header the
        # mail library refuses (BadHeaderError, a ValueError): the caller's
        # work is already done and must stand.
        log.exception("Could not send the e-mail %r", subject_line(subject))
        return False
    return True
