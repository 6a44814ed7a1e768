"""Embedding a link's videos in other websites.

Each video of a link has a bare player page (/s/<token>/embed/<render>/) that
other sites may show in an <iframe>. Only that page may be framed, and only by
the sites the team lists on the link (``ShareLink.embed_sites``: one https
origin per line; none listed: any https site). The list becomes the page's
Content-Security-Policy ``frame-ancestors``; every other page keeps
``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

MAX_SITES = 20
ANY_HTTPS_SITE = "https:"
# A host name: labels of letters, digits and hyphens (IDNs as their ASCII
# "xn--" spelling), at least one dot; or localhost for trying it out.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"(?:{_LABEL}\.)+{_LABEL}|localhost")
EXAMPLE = "https://www.example.com"


def _origin(line: str) -> str:
    """The origin one line names, or a ValidationError saying what is wrong
    with it in words a marketer reads."""
    shown = line if len(line) <= 80 else line[:79] + "…"
    if "://" not in line:
        raise ValidationError(
            f"“{shown}” is not a website address. Write each site with https://, like {EXAMPLE}."
        )
    try:
        parts = urlsplit(line)
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        raise ValidationError(f"“{shown}” is not a website address. Write it like {EXAMPLE}.")
    if parts.scheme.lower() != "https":
        raise ValidationError(
            f"“{shown}” is not a secure address: only https sites can embed the videos. "
            f"Write it with https://, like {EXAMPLE}."
        )
    if parts.username is not None or parts.password is not None or not _HOST.fullmatch(host):
        raise ValidationError(f"“{shown}” is not a website address. Write it like {EXAMPLE}.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValidationError(
            f"“{shown}” points to one page. Write the site only (https://{host}): "
            "every page of it can then show the videos."
        )
    return f"https://{host}:{port}" if port not in (None, 443) else f"https://{host}"


def embed_sites_clean(text: str) -> str:
    """The sites, one origin per line, in the order written, each once; the
    first mistake raises a ValidationError and nothing is kept."""
    origins = []
    for line in str(text).splitlines():
        line = line.strip()
        if line:
            origin = _origin(line)
            if origin not in origins:
                origins.append(origin)
    if len(origins) > MAX_SITES:
        raise ValidationError(
            f"At most {MAX_SITES} sites can embed the videos of one link; this list has "
            f"{len(origins)}. Make another link for the others."
        )
    return "\n".join(origins)


def frame_ancestors(link) -> list[str]:
    """Who may show the link's player pages in a frame."""
    sites = [line for line in link.embed_sites.splitlines() if line.strip()]
    return sites or [ANY_HTTPS_SITE]


def embed_path(token: str, render) -> str:
    return reverse("share_embed", args=[token, render.code])


def embed_code(url: str, title: str) -> str:
    """The HTML a site pastes to show one video, as plain text (a page that
    shows it escapes it like any text)."""
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="640" height="360" '
        'allow="fullscreen; picture-in-picture" allowfullscreen '
        'referrerpolicy="no-referrer" loading="lazy"></iframe>'
    )
