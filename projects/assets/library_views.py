"""The library page: every member sees the team's uploads and where each was
used; editors and owners rename, tag and remove them (removing is
``views.asset_delete``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from projects.assets.forms import AssetEditForm, LibraryFilterForm
from projects.assets.library import library_page, library_return, team_tags
from projects.audit.log import asset_target, audit
from projects.models import AuditKind
from projects.teams.access import get_asset, get_membership
from projects.teams.roles import Action


@require_GET
@login_required
def asset_library(request, team_code):
    membership = get_membership(request.user, team_code)
    team = membership.team
    filters = LibraryFilterForm(request.GET)
    page = library_page(team, filters, request.GET.get("page"))
    active = filters.active
    return render(
        request,
        "projects/library.html",
        {
            "nav": "library",
            "team": team,
            "membership": membership,
            "can_edit": membership.can(Action.EDIT),
            "filters": filters,
            "active": active,
            "filter_query": filters.query(),
            "page": page,
            "tags": [
                (tag, filters.query(tag=tag), tag == active.get("tag")) for tag in team_tags(team)
            ],
            "without_tag": filters.query(tag=None),
            "here": request.get_full_path(),
        },
    )


@require_POST
@login_required
def asset_edit(request, code):
    """Rename an asset and set its tags. A refusal changes nothing."""
    asset, _ = get_asset(request.user, code, Action.EDIT)
    back = library_return(request, asset.team) or reverse("asset_library", args=[asset.team.code])
    if asset.is_deleted:
        messages.error(
            request, f"“{asset.label}” was removed from the library, so it cannot be changed."
        )
        return redirect(back)
    form = AssetEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect(back)
    asset_edit_save(asset, form.cleaned_data["label"], form.cleaned_data["tags"], request.user)
    messages.success(request, f"“{asset.label}” is saved.")
    return redirect(back)


@transaction.atomic
def asset_edit_save(asset, label, tags, user):
    changes = []
    if label != asset.label:
        changes.append(f"Name: “{asset.label}” → “{label}”")
    if tags != asset.tags:
        changes.append(f"Tags: {asset.tags or 'none'} → {tags or 'none'}")
    before = asset_target(asset)
    asset.label, asset.tags = label, tags
    asset.save(update_fields=["label", "tags"])
    audit(
        asset.team,
        AuditKind.ASSET_CHANGED,
        user=user,
        project=asset.project,
        target=before,
        target_code=asset.code,
        summary="; ".join(changes) or "Saved without changes",
    )
