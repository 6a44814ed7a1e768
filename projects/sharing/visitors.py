"""Who is looking at a review room: a LinkVisitor, known by a random code in
a signed cookie that only this link's pages receive (its path is the link's
own address), and, once they give them, their name and e-mail.

No IP address or browser detail is kept; the cookie holds the code alone.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from projects.models import LinkVisitor, ShareLink
from projects.teams.names import has_control_characters

COOKIE = "room_visitor"
_SALT = "projects.sharing.visitor"
COOKIE_MAX_AGE = 365 * 24 * 3600

NAME_REQUIRED = "Tell the team your name, so they know who wrote."
NAME_TOO_LONG = "A name can be at most 100 characters long."
NAME_ONE_LINE = "Write your name on one line."
EMAIL_REQUIRED = "Give your e-mail address, so the team can answer you."
EMAIL_INVALID = "This e-mail address does not look right: check it, like name@example.com."


def room_path(token: str) -> str:
    """The cookie's path: the link's pages and nothing else on the site."""
    return f"/s/{token}/"


def visitor_from_request(request, link: ShareLink) -> LinkVisitor | None:
    """The visitor this browser is on this link, or None (no cookie, a
    cookie someone changed, or one from another link): a signature that
    does not check reads as no cookie."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=_SALT)
    if not value:
        return None
    try:
        code = uuid.UUID(value)
    except (ValueError, TypeError):
        return None
    return LinkVisitor.objects.filter(link=link, code=code).first()


def remember_visitor(request, response, token: str, visitor: LinkVisitor):
    """Put the visitor's code in a cookie for this link's pages only."""
    response.set_signed_cookie(
        COOKIE,
        str(visitor.code),
        salt=_SALT,
        max_age=COOKIE_MAX_AGE,
        path=room_path(token),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED})
    if has_control_characters(name):
        raise ValidationError({"name": NAME_ONE_LINE})
    if len(name) > 100:
        raise ValidationError({"name": NAME_TOO_LONG})
    return name


def clean_email(email: str) -> str:
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": EMAIL_REQUIRED})
    if len(email) > 254 or has_control_characters(email):
        raise ValidationError({"email": EMAIL_INVALID})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": EMAIL_INVALID}) from None
    return email


def visitor_introduce(
    *, link: ShareLink, visitor: LinkVisitor | None, name: str, email: str
) -> LinkVisitor:
    """Record the name and e-mail a client gives on this link: on the visitor
    they already are, or on a new one. Checked first: nothing changes when
    either is wrong."""
    errors = {}
    for field, clean, value in (("name", clean_name, name), ("email", clean_email, email)):
        try:
            value = clean(value)
        except ValidationError as error:
            errors.update(error.message_dict)
        else:
            if field == "name":
                name = value
            else:
                email = value
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if visitor is None or visitor.link_id != link.pk:
        return LinkVisitor.objects.create(
            link=link, name=name, email=email, first_seen=now, last_seen=now
        )
    visitor.name, visitor.email, visitor.last_seen = name, email, now
    visitor.save(update_fields=["name", "email", "last_seen"])
    return visitor
