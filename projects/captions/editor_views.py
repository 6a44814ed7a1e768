"""Editing a video's captions by hand, and bringing back an earlier
version (editors and owners). Both save a new version; a refused edit shows
the render page again with the person's words and the reasons, nothing saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from projects.renders.views import render_page
from projects.teams.access import get_render
from projects.teams.roles import Action

from .editing import StaleCaptions, captions_edit, captions_restore
from .editor_forms import CaptionVersionForm, CueFormSet
from .served import latest_caption


def _stale_words(newest) -> str:
    who = f", by {newest.edited_by}" if newest and newest.edited_by else ""
    version = f"version {newest.version}{who}" if newest else "a newer version"
    return (
        f"Someone saved these captions ({version}) after you opened this page, so nothing "
        "was changed. Your words are still below: copy what you need, then reload the page "
        "to edit the newest version."
    )


def _back(render_obj, anchor="captions"):
    return redirect(render_obj.get_absolute_url() + f"#{anchor}")


@login_required
@require_POST
def render_captions_edit(request, code):
    render_obj, membership = get_render(request.user, code, Action.EDIT)
    caption = latest_caption(render_obj)
    if caption is None:
        messages.info(request, "This video has no captions to edit yet.")
        return _back(render_obj)
    based = CaptionVersionForm(request.POST)
    formset = CueFormSet(request.POST, original=caption.cues, duration=render_obj.duration)
    if not based.is_valid() or based.cleaned_data["version"] != caption.version:
        stale = based.is_valid()
        return render_page(
            request,
            render_obj,
            membership,
            captions={
                "formset": formset,
                "based_on": based.cleaned_data.get("version") if stale else None,
                "refusal": _stale_words(caption)
                if stale
                else "These captions could not be read: reload the page and edit again.",
            },
            status=409 if stale else 400,
        )
    if not formset.is_valid():
        refusal = "Nothing was saved: " + (
            " ".join(formset.non_form_errors()) or "correct the captions marked below."
        )
        return render_page(
            request,
            render_obj,
            membership,
            captions={"formset": formset, "refusal": refusal},
            status=400,
        )
    if formset.cues() == caption.cues:
        messages.info(request, f"Nothing changed: the captions stay at version {caption.version}.")
        return _back(render_obj)
    try:
        new = captions_edit(
            render=render_obj, user=request.user, cues=formset.cues(), based_on=caption.version
        )
    except StaleCaptions as stale:
        return render_page(
            request,
            render_obj,
            membership,
            captions={
                "formset": formset,
                "based_on": caption.version,
                "refusal": _stale_words(stale.newest),
            },
            status=409,
        )
    messages.success(
        request, f"Captions saved as version {new.version}: the player shows them now."
    )
    return _back(render_obj)


@login_required
@require_POST
def render_captions_restore(request, code):
    render_obj, _ = get_render(request.user, code, Action.EDIT)
    form = CaptionVersionForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["restore"]:
        messages.error(request, "Pick the version of the captions to bring back.")
        return _back(render_obj, "caption-versions")
    wanted = form.cleaned_data["restore"]
    try:
        new = captions_restore(
            render=render_obj,
            user=request.user,
            version=wanted,
            based_on=form.cleaned_data["version"],
        )
    except StaleCaptions as stale:
        newest = f"version {stale.newest.version}" if stale.newest else "a newer version"
        messages.error(
            request,
            f"Someone saved {newest} of these captions after you opened this page, so nothing "
            "was changed. Look at it below, then bring back the version again if you still "
            "want to.",
        )
        return _back(render_obj)
    if new is None:
        messages.error(request, f"These captions have no version {wanted}.")
        return _back(render_obj, "caption-versions")
    messages.success(request, f"Version {wanted} is back, as version {new.version}.")
    return _back(render_obj)
