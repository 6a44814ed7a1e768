"""The viewing beacon of a review room: plays and how much of each video a
visitor watched, sent by static/js/share_beacon.js."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from projects.sharing.beacon import MAX_BODY_BYTES, BadBeacon, beacon_parse, watches_record
from projects.sharing.passwords import sharelink_open
from projects.sharing.responses import gone, plain
from projects.sharing.services import sharelink_renders
from projects.sharing.visitors import is_bot, is_team_view, visitor_from_request


def same_origin(request) -> bool:
    """Sent by a page of this site. Sec-Fetch-Site and Origin are set by the
    browser and cannot be changed by a page's script. Under our
    "no-referrer" policy a same-origin beacon says "Origin: null", so
    Sec-Fetch-Site decides when the browser sends it; without either, no."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    return origin == f"{request.scheme}://{request.get_host()}" or (
        origin in settings.CSRF_TRUSTED_ORIGINS
    )


# navigator.sendBeacon cannot add a header, and the room page has no form to
# carry a CSRF token (nor a session: its visitors have no account). What a
# forged beacon could do is add viewing figures for the sender's own visitor
# cookie; same-origin is checked instead, and every number is bounded.
@csrf_exempt
@require_POST
def share_beacon(request, token):
    link = sharelink_open(request, token)
    if link is None:
        return gone(request)
    if not same_origin(request):
        return plain("Viewing figures are only taken from the link's own page.", 403)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return plain("The length of the data cannot be read.", 400)
    if length > MAX_BODY_BYTES:
        return plain(f"Too much data: at most {MAX_BODY_BYTES // 1024} KB.", 400)
    renders = {render.code: render for render in sharelink_renders(link)}
    try:
        viewings = beacon_parse(request.body, renders)
    except BadBeacon as error:
        return plain(str(error), 400)
    visitor = visitor_from_request(request, link)
    if visitor is not None and not is_bot(request) and not is_team_view(request, link):
        watches_record(link=link, visitor=visitor, viewings=viewings)
    return HttpResponse(status=204)
