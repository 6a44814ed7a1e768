"""What every /s/<token>/ answer shares: private headers, and the one page
for a link that does not open (unknown, expired, turned off, or a wrong
password: the same page, so nobody can tell them apart)."""

from django.http import HttpResponse
from django.shortcuts import render


def public(response: HttpResponse) -> HttpResponse:
    """Shared pages and media: no address leaks to other sites, no search engine.
    "same-origin", not "no-referrer": with no referrer at all a browser sends
    ``Origin: null`` with a form, and the CSRF check refuses the room's forms."""
    response.setdefault("Referrer-Policy", "same-origin")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def gone(request) -> HttpResponse:
    response = render(request, "projects/share_gone.html", status=404)
    response["Cache-Control"] = "no-store"
    return public(response)


def plain(text: str, status: int) -> HttpResponse:
    """A short answer in words, for scripts (the viewing beacon)."""
    return public(HttpResponse(text, status=status, content_type="text/plain; charset=utf-8"))
