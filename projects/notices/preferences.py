"""A person's e-mail choices per kind of notice: immediately, in a daily
digest, or never. A person who never chose gets every kind immediately."""

from projects.models import MailChoice, NoticeKind, NotificationPreference, User


def preferences_for(user: User) -> NotificationPreference:
    """The person's choices: their saved row, or the defaults (unsaved)."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


def mail_choice(user: User, kind: str) -> str:
    """How this person wants e-mail about a notice of this kind ("other"
    notices are never e-mailed)."""
    if kind == NoticeKind.OTHER:
        return MailChoice.NEVER
    return preferences_for(user).choice_for(kind)
