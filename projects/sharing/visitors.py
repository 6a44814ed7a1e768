"""Who opened a share link: a random id in a cookie for that link.

The cookie holds the ``LinkVisitor`` code, signed and bound to the link, on
the link's own path (/s/<token>/), HttpOnly, SameSite=Lax, Secure when the
site's cookies are. No IP address is kept anywhere. Bots (link previews,
crawlers, scripts) and the team's own visits are not counted.

Public: ``visitor_from_request`` and ``remember_visitor`` (one cookie and one
visitor for viewing and for client feedback), ``is_bot``, ``is_team_view``,
``visit_record``, and ``visitor_introduce`` (the name and e-mail a client
gives before commenting).
"""

import re
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from projects.models import LinkVisitor, Membership, ShareLink
from projects.teams.names import has_control_characters

VISITOR_COOKIE = "share_visitor"
VISITOR_COOKIE_DAYS = 365

NAME_REQUIRED = "Tell the team your name, so they know who wrote."
NAME_TOO_LONG = "A name can be at most 100 characters long."
NAME_ONE_LINE = "Write your name on one line."
EMAIL_REQUIRED = "Give your e-mail address, so the team can answer you."
EMAIL_INVALID = "This e-mail address does not look right: check it, like name@example.com."

# Crawlers, link-preview fetchers (a link pasted in Slack, WhatsApp, Teams...
# is fetched once by the chat service) and scripts. Not "HeadlessChrome": the
# browser tests drive one, and a person can run one too; we count it.
BOT_PATTERN = re.compile(
    r"(?<!cu)bot\b|bot/|crawl|spider|slurp|preview|"
    r"facebookexternalhit|facebookcatalog|whatsapp|slack|discord|telegram|linkedin|"
    r"twitter|embedly|vkshare|pinterest|skype|"
    r"curl/|wget/|python-requests|python-urllib|aiohttp|httpx|go-http-client|libwww|"
    r"httpie|java/|lighthouse|pingdom|uptime",
    re.IGNORECASE,
)


def is_bot(request: HttpRequest) -> bool:
    """A crawler, a link preview or a script (or no User-Agent at all, which
    no browser does)."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent.strip() or bool(BOT_PATTERN.search(agent))


def is_team_view(request: HttpRequest, link: ShareLink) -> bool:
    """Someone of the link's own team looking at it: not a client."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(team_id=link.project.team_id, user=user).exists()


def room_path(token: str) -> str:
    """The cookie's path: the link's pages and nothing else on the site."""
    return f"/s/{token}/"


def _salt(link: ShareLink) -> str:
    return f"share-visitor:{link.code}"


def visitor_from_request(request: HttpRequest, link: ShareLink) -> LinkVisitor | None:
    """The visitor this browser is for this link, from its cookie; None when
    there is no cookie, it was tampered with, or it is for another link."""
    try:
        value = request.get_signed_cookie(VISITOR_COOKIE, salt=_salt(link))
        code = uuid.UUID(value)
    except (KeyError, signing.BadSignature, ValueError, TypeError):
        return None
    return LinkVisitor.objects.filter(link=link, code=code).first()


def remember_visitor(
    response: HttpResponse,
    link: ShareLink,
    visitor: LinkVisitor,
    token: str,
    request: HttpRequest | None = None,
) -> HttpResponse:
    """Set (or renew) the visitor's cookie on the link's own path. Secure
    when the site's cookies are, or when this request came over https."""
    response.set_signed_cookie(
        VISITOR_COOKIE,
        visitor.code.hex,
        salt=_salt(link),
        max_age=VISITOR_COOKIE_DAYS * 24 * 3600,
        path=room_path(token),
        secure=settings.SESSION_COOKIE_SECURE or bool(request and request.is_secure()),
        httponly=True,
        samesite="Lax",
    )
    return response


def visit_record(request: HttpRequest, link: ShareLink) -> LinkVisitor | None:
    """One more opening of the link's room by this visitor (made on their
    first); None, and nothing counted, for bots and the team's own views."""
    if is_bot(request) or is_team_view(request, link):
        return None
    now = timezone.now()
    visitor = visitor_from_request(request, link)
    if visitor is None:
        return LinkVisitor.objects.create(link=link, opens=1, first_seen=now, last_seen=now)
    LinkVisitor.objects.filter(pk=visitor.pk).update(opens=F("opens") + 1, last_seen=now)
    visitor.opens, visitor.last_seen = visitor.opens + 1, now
    return visitor


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
