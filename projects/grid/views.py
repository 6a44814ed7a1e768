"""The campaign grid page, and making its missing cells after a confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from projects.grid.forms import GridMakeForm, picked, picked_query
from projects.grid.matrix import LEGEND, build_grid
from projects.renders.estimates import estimate
from projects.renders.services import MAX_BATCH, renders_create_batch
from projects.teams.access import get_project
from projects.teams.roles import Action


@login_required
def grid_page(request, code):
    project, membership = get_project(request.user, code)
    grid = build_grid(project, **picked(request.GET))
    return _grid_page(request, project, membership, grid, GridMakeForm(grid=grid, project=project))


def _grid_page(request, project, membership, grid, form):
    return render(
        request,
        "projects/grid.html",
        {
            "project": project,
            "membership": membership,
            "grid": grid,
            "form": form,
            "can_make": membership.can(Action.EDIT) and not project.is_archived,
            "legend": LEGEND,
            "picked_query": picked_query(grid),
            "max_batch": MAX_BATCH,
            # After a refusal, the cells stay ticked as they were.
            "ticked": set(form.data.getlist("cell")) if form.is_bound else set(),
        },
    )


@require_POST
@login_required
def grid_make(request, code):
    """First the confirmation (how many, what they cost), then, with
    ``confirm``, the renders: exactly the confirmed cells, if all of them
    are still missing."""
    project, membership = get_project(request.user, code, Action.EDIT)
    grid = build_grid(project, **picked(request.POST))
    form = GridMakeForm(request.POST, grid=grid, project=project)
    if not form.is_valid():
        return _grid_page(request, project, membership, grid, form)
    data = form.cleaned_data
    cells = data["cells"]
    pairs = [cell.voice.pair(cell.portrait) for cell in cells]
    if data["confirm"] and not data["made_meanwhile"]:
        try:
            renders = renders_create_batch(
                project=project,
                created_by=request.user,
                pairs=pairs,
                prompt=data["prompt"].strip(),
                mode=data["mode"],
                label=f"Campaign grid: {len(pairs)} videos" if len(pairs) > 1 else "",
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
            return _grid_page(request, project, membership, grid, form)
        count = len(renders)
        messages.success(
            request,
            "The video is queued; its cell shows how it is doing."
            if count == 1
            else f"{count} videos are queued; their cells show how they are doing.",
        )
        query = picked_query(grid)
        return redirect(
            reverse("project_grid", args=[project.code]) + (f"?{query}" if query else "")
        )
    return render(
        request,
        "projects/grid_confirm.html",
        {
            "project": project,
            "cells": cells,
            "estimate": estimate(pairs, data["mode"]),
            "mode": data["mode"],
            "mode_word": dict(form.fields["mode"].choices)[data["mode"]],
            "prompt": data["prompt"].strip(),
            "made_meanwhile": data["made_meanwhile"],
            "grid": grid,
            "picked_query": picked_query(grid),
        },
    )
