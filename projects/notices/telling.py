"""Telling one person something: a notice in the app, and an e-mail as they
chose for its kind (now, in tomorrow's digest, or never). The notice is made
whatever the choice; an e-mail that does not go fails alone."""

from projects.mail import send
from projects.models import MailChoice, Notice, Render, User
from projects.notices.preferences import mail_choice

MESSAGE_MAX = 300


def tell(
    person: User, *, render: Render | None, kind: str, message: str, subject: str, body: str
) -> Notice:
    """Make `person`'s notice about `render` and e-mail it if they want it now.
    `subject` and `body` are the immediate e-mail's; a digest lists the
    notice's message."""
    choice = mail_choice(person, kind)
    notice = Notice.objects.create(
        user=person,
        render=render,
        project_id=render.project_id if render else None,
        kind=kind,
        message=message[:MESSAGE_MAX],
        awaiting_digest=choice == MailChoice.DIGEST,
    )
    if choice == MailChoice.IMMEDIATELY and person.email:
        send(subject=subject, body=body, to=person.email)
    return notice
