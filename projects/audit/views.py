"""The team's audit trail, for its owners: the page (newest first, 50 a
page, filtered by person, project, kind and dates) and the same entries as
a streamed CSV. Read-only: nothing here changes an entry."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from projects.audit.export import csv_filename, csv_response
from projects.audit.filters import AuditFilterForm, entries_of
from projects.audit.targets import target_links
from projects.teams.access import get_membership
from projects.teams.roles import Action

PAGE_SIZE = 50


def _filtered(request, team_code):
    membership = get_membership(request.user, team_code, Action.VIEW_AUDIT)
    filters = AuditFilterForm(request.GET, team=membership.team)
    return membership, filters, filters.apply(entries_of(membership.team))


@require_safe
@login_required
def team_audit(request, team_code):
    membership, filters, entries = _filtered(request, team_code)
    team = membership.team
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    links = target_links(page.object_list, team)
    return render(
        request,
        "projects/audit.html",
        {
            "team": team,
            "membership": membership,
            "filters": filters,
            "filter_query": filters.query(),
            "page": page,
            "rows": [(entry, links.get(entry.pk, "")) for entry in page.object_list],
        },
    )


@require_safe
@login_required
def team_audit_csv(request, team_code):
    membership, _, entries = _filtered(request, team_code)
    return csv_response(entries, csv_filename(membership.team, timezone.now()))
