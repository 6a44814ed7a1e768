from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from projects.gallery import search
from projects.gallery.cards import (
    GALLERY_PAGE_SIZE,
    gallery_figures,
    gallery_stacks,
    gallery_stacks_of,
)
from projects.gallery.forms import GalleryFilterForm, ProjectForm
from projects.gallery.stacks import recent_roots
from projects.media.limits import browser_limits
from projects.media.wording import upload_hint
from projects.models import Asset, AssetKind
from projects.renders.forms import RenderForm
from projects.renders.plan import browser_plan
from projects.teams.access import get_membership, get_project, require_team_security
from projects.teams.middleware import adopt_current_team
from projects.teams.roles import Action
from projects.teams.services import audit_project, project_create
from projects.usage.budgets import held_banner, tightest
from projects.usage.money import browser_prices


@login_required
def project_list(request):
    membership = request.membership
    if not membership:
        return redirect("team_list")
    require_team_security(request.user, membership)
    show_archived = request.GET.get("archived") == "1"
    projects = membership.team.projects.filter(archived_at__isnull=not show_archived)
    return render(
        request,
        "projects/project_list.html",
        {
            "membership": membership,
            "team": membership.team,
            "projects": projects,
            "show_archived": show_archived,
            "can_edit": membership.can(Action.EDIT),
        },
    )


@require_safe
@login_required
def team_search(request, team_code):
    """A team's videos across its projects, found by words and filters
    (projects.gallery.search)."""
    membership = get_membership(request.user, team_code)
    team = membership.team
    projects = list(team.projects.filter(archived_at__isnull=True).order_by("name"))
    form = search.TeamSearchForm(request.GET, projects=projects)
    filters = form.active
    # A search too short to mean anything says so rather than listing
    # everything; another filter that does not fit is ignored.
    page = None
    if "q" not in form.errors:
        number = search.page_number(request.GET.get("page"))
        page = search.ResultPage(search.search(team, filters), number)
    return render(
        request,
        "projects/team_search.html",
        {
            "team": team,
            "membership": membership,
            "form": form,
            "q": filters.get("q", ""),
            "page": page,
            "filter_query": form.query(),
            "has_projects": bool(projects),
            "nav": "search",
        },
    )


@login_required
def project_create_view(request, team_code):
    membership = get_membership(request.user, team_code, Action.EDIT)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = project_create(
            team=membership.team,
            created_by=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, f"Project “{project.name}” is ready.")
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "team": membership.team})


@login_required
def project_detail(request, code):
    project, membership = get_project(request.user, code)
    return project_page(request, project, membership)


def project_page(request, project, membership, *, render_form=None, confirm=None, status=200):
    """A project's page. The make-video view shows it again with its bound
    form: the errors beside their fields, or the confirmation ``confirm``
    (a Plan), with every choice kept."""
    adopt_current_team(request, membership)
    can_edit = membership.can(Action.EDIT)
    if can_edit and render_form is None:
        render_form = RenderForm(team=project.team)
    assets = Asset.objects.alive().filter(team=project.team).select_related("project", "consent")
    filters = GalleryFilterForm(request.GET, project=project)
    figures = gallery_figures(project)
    number = request.GET.get("page")
    if filters.active:
        # The matching stacks' roots, paged and counted in one query on the
        # state kept on them; the cards' subqueries then run for the page's
        # stacks only. An empty page (none match, or past the end) counts.
        paginator = Paginator(filters.stack_roots(), GALLERY_PAGE_SIZE)
        asked = asked_page(number)
        roots, paginator.count = ([], None)
        if asked is not None:
            roots, paginator.count = filters.page_of_roots(asked, GALLERY_PAGE_SIZE)
            number = asked
        if paginator.count is None:
            paginator.count = filters.stack_roots().count()
            number = page_number(paginator, number)
            roots = filters.page_of_roots(number, GALLERY_PAGE_SIZE)[0] if paginator.count else []
        page = paginator.get_page(number)
        page.object_list = gallery_stacks_of(roots)
    else:
        # Unfiltered, the stacks are counted with the other figures (one
        # query) rather than by the paginator over the cards' subqueries, and
        # the page's stacks are looked for among the newest renders.
        paginator = Paginator(gallery_stacks(project), GALLERY_PAGE_SIZE)
        paginator.count = figures["stacks"]
        number = page_number(paginator, number)
        roots = recent_roots(project, number * GALLERY_PAGE_SIZE)
        if roots is not None:
            paginator.object_list = gallery_stacks_of(roots)
        page = paginator.get_page(number)
    now = timezone.now()
    # The budget with the least left: a line under the render form, and the
    # numbers for the page's script (looked for when the figures saw one).
    budgeted = figures["budgeted"] or not figures["renders"]
    budget = tightest(project, now) if budgeted else None
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "membership": membership,
            "can_edit": can_edit,
            "portraits": [a for a in assets if a.kind == AssetKind.PORTRAIT],
            "voiceovers": [a for a in assets if a.kind == AssetKind.VOICEOVER],
            "render_form": render_form if can_edit else None,
            "picked": picked_codes(render_form),
            "plan": render_form.plan if render_form is not None else None,
            "confirm": confirm,
            "page": page,
            "filters": filters,
            "filter_query": filters.query(),
            "has_renders": figures["renders"] > 0,
            "approved_count": figures["approved"] if membership.can(Action.DOWNLOAD) else 0,
            "limits": {
                **browser_limits(),
                **browser_prices(),
                **browser_plan(),
                "budget": budget.for_browser() if budget else None,
            },
            "budget_line": budget.line if budget else "",
            "held_banner": held_banner(project, now, figures["held"]),
            "upload_hint": upload_hint(),
        },
        status=status,
    )


def page_number(paginator, value) -> int:
    """The page asked for, as ``Paginator.get_page`` reads it: the first when
    it is not a number, the last when it is past the end."""
    try:
        return paginator.validate_number(value)
    except PageNotAnInteger:
        return 1
    except EmptyPage:
        return paginator.num_pages


def asked_page(value) -> int | None:
    """The page number asked for: 1 when it is not a number, None when it
    is below 1 (``Paginator.get_page`` then shows the last page)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else None


def picked_codes(form) -> set[str]:
    """The portraits and voiceovers ticked in a bound form: nothing is
    ticked until the person ticks it."""
    if form is None or not form.is_bound:
        return set()
    return {str(code) for name in ("portraits", "voiceovers") for code in form[name].value() or []}


@login_required
def project_edit(request, code):
    project, membership = get_project(request.user, code, Action.EDIT)
    before = (project.name, project.description)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            changes = [f"Name: “{before[0]}” → “{project.name}”"] * (before[0] != project.name) + [
                "Description changed"
            ] * (before[1] != project.description)
            audit_project(project, request.user, "; ".join(changes) or "Saved without changes")
        messages.success(request, "Project saved.")
        return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "project": project, "team": project.team},
    )


@require_POST
@login_required
def project_archive(request, code):
    project, _ = get_project(request.user, code, Action.EDIT)
    if request.POST.get("restore"):
        with transaction.atomic():
            project.unarchive()
            audit_project(project, request.user, "Restored from the archive")
        messages.success(request, f"“{project.name}” is back in your projects.")
        return redirect(project)
    with transaction.atomic():
        project.archive()
        audit_project(project, request.user, "Archived")
    messages.success(
        request, f"“{project.name}” is archived. You can find it under Archived projects."
    )
    return redirect("project_list")
