"""Reviewing and commenting on a render, and comparing two of its versions."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from projects.models import Render
from projects.renders.views import render_page
from projects.reviews.forms import CommentForm
from projects.reviews.services import (
    comment_add,
    conversation,
    render_approve,
    render_request_changes,
)
from projects.teams.access import get_render
from projects.teams.roles import Action

REVIEWS = {
    "approve": (render_approve, "Approved. The gallery shows it to your team."),
    "changes": (render_request_changes, "Changes requested. Your comment is in the conversation."),
}


def _conversation(render_obj):
    return redirect(f"{render_obj.get_absolute_url()}#conversation")


def _refused(request, render_obj, membership, form, error: ValidationError):
    """Show the page again with the message beside the field, keeping what
    the person typed; nothing was saved."""
    if hasattr(error, "error_dict"):
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages[0])
    return render_page(request, render_obj, membership, comment_form=form, status=400)


@require_POST
@login_required
def render_review(request, code):
    render_obj, membership = get_render(request.user, code, Action.EDIT)
    review, done = REVIEWS.get(request.POST.get("decision"), (None, ""))
    form = CommentForm(request.POST)
    if review is None:
        return _refused(
            request,
            render_obj,
            membership,
            form,
            ValidationError("Pick approve or request changes."),
        )
    if not form.is_valid():
        return render_page(request, render_obj, membership, comment_form=form, status=400)
    try:
        review(
            render=render_obj,
            reviewed_by=request.user,
            body=form.cleaned_data["body"],
            at_seconds=form.cleaned_data["at"],
        )
    except ValidationError as error:
        return _refused(request, render_obj, membership, form, error)
    messages.success(request, done)
    return _conversation(render_obj)


@require_POST
@login_required
def render_comment(request, code):
    render_obj, membership = get_render(request.user, code, Action.COMMENT)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render_page(request, render_obj, membership, comment_form=form, status=400)
    try:
        comment_add(
            render=render_obj,
            author=request.user,
            body=form.cleaned_data["body"],
            at_seconds=form.cleaned_data["at"],
        )
    except ValidationError as error:
        return _refused(request, render_obj, membership, form, error)
    messages.success(request, "Comment added.")
    return _conversation(render_obj)


@require_GET
@login_required
def render_conversation(request, code):
    """The conversation and review state alone, as HTML, for the render page
    to refresh itself with (static/js/conversation.js): a client's comment
    appears without reloading."""
    render_obj, membership = get_render(request.user, code)
    response = render(
        request,
        "projects/_conversation.html",
        {
            "render": render_obj,
            "comments": conversation(render_obj),
            "can_comment": membership.can(Action.COMMENT),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _root(render_obj) -> int:
    return render_obj.parent_id or render_obj.pk


@require_GET
@login_required
def render_compare(request, code, other_code):
    """Two versions of the same render side by side, played together."""
    render_obj, membership = get_render(request.user, code)
    try:
        other = Render.objects.select_related("portrait", "voiceover").get(code=other_code)
    except Render.DoesNotExist:
        raise Http404("No such video.")
    if other.pk == render_obj.pk or _root(other) != _root(render_obj):
        # Only versions of one render share inputs; anything else is not a comparison.
        raise Http404("These two videos are not versions of the same render.")
    left, right = sorted([render_obj, other], key=lambda r: r.version)
    return render(
        request,
        "projects/compare.html",
        {
            "project": render_obj.project,
            "membership": membership,
            "render": render_obj,
            "left": left,
            "right": right,
            "sides": [left, right],
            "longest": max(left.duration or 0, right.duration or 0),
        },
    )


@require_GET
@login_required
def render_compare_pick(request, code):
    """The "compare with" picker on a render's page, which works without
    JavaScript: a GET form that lands on the comparison's own address."""
    render_obj, _ = get_render(request.user, code)
    try:
        other = uuid.UUID(request.GET.get("with", ""))
    except ValueError:
        messages.error(request, "Pick a version to compare with.")
        return redirect(render_obj)
    return redirect("render_compare", code=render_obj.code, other_code=other)
