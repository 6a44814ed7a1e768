"""The import page: upload a sheet, see each row's verdict, then queue the
good rows after a confirmation naming how many and what they cost."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from projects.imports.forms import SheetQueueForm, SheetUploadForm
from projects.imports.library import Library, check_rows
from projects.imports.sheet import CSV_OPTIONAL, CSV_REQUIRED
from projects.models import AssetKind
from projects.renders.estimates import estimate
from projects.renders.services import MAX_BATCH, renders_create_batch
from projects.teams.access import get_project
from projects.teams.roles import Action

ARCHIVED = "This project is archived. Restore it to make new videos."


def _page(request, project, library, *, form, preview=None, note="", errors=()):
    good = [v for v in preview or [] if v.ok]
    return render(
        request,
        "projects/import.html",
        {
            "project": project,
            "form": form,
            "library": library,
            "portraits": library.of_kind(AssetKind.PORTRAIT),
            "voiceovers": library.of_kind(AssetKind.VOICEOVER),
            "required": CSV_REQUIRED,
            "optional": CSV_OPTIONAL,
            "max_rows": MAX_BATCH,
            "preview": preview,
            "good": good,
            "refused": len(preview or []) - len(good),
            "estimate": estimate([v.pair() for v in good]) if good else None,
            "lines": ",".join(str(v.row.line) for v in good),
            "note": note,
            # Said next to the file field when a sent-back sheet cannot be read.
            "sheet_errors": list(errors),
        },
    )


def _label(name: str) -> str:
    """A batch's label from the sheet's file name, on one printable line."""
    shown = "".join(ch for ch in name if ch.isprintable())[:80]
    return f"Imported from {shown}" if shown else "Imported from a CSV"


@login_required
def import_page(request, code):
    """GET: the upload form. POST: the preview of an uploaded sheet."""
    project, _ = get_project(request.user, code, Action.EDIT)
    library = Library(project.team_id)
    if request.method != "POST":
        return _page(request, project, library, form=SheetUploadForm())
    form = SheetUploadForm(request.POST, request.FILES)
    if project.is_archived:
        form.add_error(None, ARCHIVED)
    if not form.is_valid():
        return _page(request, project, library, form=form)
    preview = check_rows(form.cleaned_data["rows"], project, library)
    return _page(
        request,
        project,
        library,
        form=SheetQueueForm(
            initial={
                "text": form.cleaned_data["text"],
                "name": form.cleaned_data["sheet"].name[:200],
            }
        ),
        preview=preview,
    )


@require_POST
@login_required
def import_queue(request, code):
    """Queue the preview's good rows, checked again: if the verdicts changed
    since (an upload removed meanwhile), the new preview shows, nothing queued."""
    project, _ = get_project(request.user, code, Action.EDIT)
    library = Library(project.team_id)
    form = SheetQueueForm(request.POST)
    if project.is_archived:
        form.add_error(None, ARCHIVED)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        errors.append("Upload the sheet again to see its preview; nothing was queued.")
        return _page(request, project, library, form=SheetUploadForm(), errors=errors)
    preview = check_rows(form.cleaned_data["rows"], project, library)
    good = [v for v in preview if v.ok]
    lines = ",".join(str(v.row.line) for v in good)
    if not good or lines != form.cleaned_data["lines"]:
        note = (
            "None of this sheet's rows can be queued."
            if not good
            else "The sheet reads differently than in the preview you saw (the library "
            "changed meanwhile). Here it is, checked again; nothing was queued."
        )
        return _page(request, project, library, form=form, preview=preview, note=note)
    name = form.cleaned_data["name"]
    try:
        renders = renders_create_batch(
            project=project,
            created_by=request.user,
            pairs=[v.pair() for v in good],
            label=_label(name) if len(good) > 1 else "",
        )
    except ValidationError as error:
        note = f"{error.messages[0]} Nothing was queued."
        return _page(request, project, library, form=form, preview=preview, note=note)
    count = len(renders)
    messages.success(
        request,
        "1 video is queued from the sheet. It will appear below and update by itself."
        if count == 1
        else f"{count} videos are queued from the sheet. They update by themselves below.",
    )
    return redirect(f"{project.get_absolute_url()}#gallery")
