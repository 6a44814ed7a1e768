"""An empty project's "Try with a sample portrait and voice": a confirmation
naming the cost, then the samples in the library and a first video queued."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from projects.assets.uploads import UploadRefused
from projects.kling import limits
from projects.renders.estimates import Estimate
from projects.starter.samples import ALREADY_STARTED, sample_seconds, try_samples
from projects.teams.access import get_project
from projects.teams.roles import Action


@login_required
def try_sample(request, code):
    project, _ = get_project(request.user, code, Action.EDIT)
    if request.method == "POST":
        try:
            try_samples(project=project, user=request.user)
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
            return redirect(project)
        except UploadRefused as refusal:
            messages.error(request, f"The sample could not be added: {refusal.message}")
            return redirect(project)
        messages.success(
            request,
            "Your first video is queued, with the sample portrait and voice. "
            "It will appear below and update by itself.",
        )
        return redirect(f"{project.get_absolute_url()}#gallery")
    seconds = sample_seconds()
    units = limits.estimated_units(seconds, "std")
    refusal = ""
    if project.is_archived:
        refusal = "This project is archived. Restore it to make new videos."
    elif project.renders.exists():
        refusal = ALREADY_STARTED
    return render(
        request,
        "projects/try.html",
        {
            "project": project,
            "seconds": seconds,
            "estimate": Estimate(
                count=1,
                units=Decimal(str(units)) if units is not None else Decimal(0),
                unknown=0 if units is not None else 1,
            ),
            "refusal": refusal,
        },
    )
