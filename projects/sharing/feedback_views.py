"""Clients answering in a review room, without an account: say who they are
once, then comment, approve or ask for changes, video by video.

Plain forms: each POST goes back to the room at the video's block
(``#video-<code>``); a refusal shows the room again with the reason beside
the form and what the client typed, and changes nothing. The token in the
address is checked on every request, as for the room itself.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from projects.reviews.forms import parse_moment
from projects.sharing.feedback import (
    FEEDBACK_OFF,
    INTRODUCE_FIRST,
    NOT_ON_LINK,
    TooMuchFeedback,
    client_comment,
    client_review,
)
from projects.sharing.passwords import sharelink_open
from projects.sharing.responses import gone as gone_page
from projects.sharing.services import sharelink_render
from projects.sharing.views import room_page
from projects.sharing.visitors import remember_visitor, visitor_from_request, visitor_introduce

SAID = {
    "comment": "Thank you: your comment is sent to the team.",
    "approve": "Thank you: the team sees that you approved this video.",
    "changes": "Thank you: the team sees what you would like changed.",
}


def _back(token, page, anchor):
    """Back to the room, at the block the form was in: "See other" (303), the
    answer to a form that always ends in a GET."""
    url = reverse("share_page", args=[token])
    if page and str(page).isdigit() and page != "1":
        url += f"?page={page}"
    response = redirect(f"{url}#{anchor}")
    response.status_code = 303
    return response


def _errors(error: ValidationError) -> dict[str, list[str]]:
    """Messages by field; "form" for those about the whole form."""
    if hasattr(error, "error_dict"):
        found = error.message_dict
        return {("form" if f == "__all__" else f): list(m) for f, m in found.items()}
    return {"form": error.messages}


@never_cache
@require_POST
def share_reviewer(request, token):
    """A client gives their name and e-mail: kept on this link's visitor, and
    the browser remembers which visitor it is (a cookie for this link only)."""
    link = sharelink_open(request, token)
    if link is None:
        return gone_page(request)
    page = request.POST.get("page")
    if not link.allow_feedback:
        return room_page(request, link, token, page_number=page, status=403, notice=FEEDBACK_OFF)
    name, email = request.POST.get("name", ""), request.POST.get("email", "")
    try:
        visitor = visitor_introduce(
            link=link, visitor=visitor_from_request(request, link), name=name, email=email
        )
    except ValidationError as error:
        intro = {"errors": _errors(error), "name": name[:100], "email": email[:254]}
        return room_page(request, link, token, page_number=page, status=400, intro=intro)
    messages.success(request, f"Thank you, {visitor.name}. You can comment on each video now.")
    return remember_visitor(_back(token, page, "reviewer"), link, visitor, token, request)


def _answer(request, token, render_code, decide):
    link = sharelink_open(request, token)
    if link is None:
        return gone_page(request)
    page = request.POST.get("page")
    render_obj = sharelink_render(link, render_code)
    if render_obj is None:
        return room_page(request, link, token, page_number=page, status=404, notice=NOT_ON_LINK)
    if not link.allow_feedback:
        return room_page(request, link, token, page_number=page, status=403, notice=FEEDBACK_OFF)
    visitor = visitor_from_request(request, link)
    body, at = request.POST.get("body", ""), request.POST.get("at", "")
    answer = {"render_code": render_obj.code, "body": body[:4000], "at": at[:20]}
    if visitor is None or not visitor.is_reviewer:
        answer["errors"] = {"form": [INTRODUCE_FIRST]}
        return room_page(request, link, token, page_number=page, status=403, answer=answer)
    try:
        try:
            at_seconds = parse_moment(at[:20])
        except ValidationError as error:
            raise ValidationError({"at": error.messages}) from None
        said = decide(link=link, visitor=visitor, render=render_obj, body=body, at=at_seconds)
    except TooMuchFeedback as refused:
        answer["errors"] = {"form": [str(refused)]}
        return room_page(request, link, token, page_number=page, status=429, answer=answer)
    except ValidationError as error:
        answer["errors"] = _errors(error)
        return room_page(request, link, token, page_number=page, status=400, answer=answer)
    messages.success(request, SAID[said], extra_tags=str(render_obj.code))
    return _back(token, page, f"video-{render_obj.code}")


@never_cache
@require_POST
def share_comment(request, token, render_code):
    def decide(*, link, visitor, render, body, at):
        client_comment(link=link, visitor=visitor, render=render, body=body, at_seconds=at)
        return "comment"

    return _answer(request, token, render_code, decide)


@never_cache
@require_POST
def share_review(request, token, render_code):
    decision = request.POST.get("decision", "")

    def decide(*, link, visitor, render, body, at):
        client_review(
            link=link,
            visitor=visitor,
            render=render,
            decision=decision,
            body=body,
            at_seconds=at,
        )
        return decision

    return _answer(request, token, render_code, decide)
