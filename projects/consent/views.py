"""The consent step: "Who is in this photo?" after a portrait's upload (and
from the library and the make-video form), the consent document for owners,
and withdrawing, after a page that says what it will do."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from projects.consent.forms import ConsentForm, WithdrawForm
from projects.consent.services import consent_record, consent_withdraw, withdrawal_effects
from projects.files import serve_file
from projects.models import AssetKind, consent_of
from projects.teams.access import get_asset
from projects.teams.names import has_control_characters
from projects.teams.roles import Action


def _portrait(user, code, action):
    asset, membership = get_asset(user, code, action)
    if asset.kind != AssetKind.PORTRAIT or asset.is_deleted:
        raise Http404("No such portrait.")
    return asset, membership


def _back(request, portrait) -> str:
    """Where the step returns: a path on this site it was sent from (the
    project page, the library), else the portrait's project or the library."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if (
        wanted.startswith("/")
        and not has_control_characters(wanted)
        and len(wanted) <= 1000
        and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    ):
        return wanted
    if portrait.project_id:
        return portrait.project.get_absolute_url()
    return reverse("asset_library", args=[portrait.team.code])


@require_http_methods(["GET", "POST"])
@login_required
def portrait_consent(request, code):
    """Editors and owners record who is pictured and that they agreed; every
    member sees what was recorded; owners open the document and withdraw."""
    needed = Action.EDIT if request.method == "POST" else Action.VIEW
    portrait, membership = _portrait(request.user, code, needed)
    consent = consent_of(portrait)
    back = _back(request, portrait)
    form = None
    status = 200
    if consent is None and membership.can(Action.EDIT):
        posted = request.method == "POST"
        form = ConsentForm(
            request.POST if posted else None, request.FILES if posted else None, team=portrait.team
        )
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    consent_record(
                        portrait=portrait,
                        person_name=data["person_name"],
                        consent_date=data["consent_date"],
                        confirmed_by=request.user,
                        document=data["document"],
                        document_info=form.document_info,
                    )
                except ValidationError as refusal:
                    messages.error(request, refusal.messages[0])
                    return redirect(back)
                messages.success(
                    request,
                    f"Consent recorded: “{portrait.label}” can now be animated.",
                )
                return redirect(back)
            status = 400
    elif request.method == "POST":
        messages.info(request, f"Consent for “{portrait.label}” was already recorded.")
        return redirect(request.path)
    return render(
        request,
        "projects/consent.html",
        {
            "portrait": portrait,
            "team": portrait.team,
            "consent": consent,
            "form": form,
            "back": back,
            "can_manage": membership.can(Action.MANAGE_CONSENT),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def consent_withdraw_view(request, code):
    """Owners withdraw a portrait's consent, after a page saying what happens."""
    portrait, _ = _portrait(request.user, code, Action.MANAGE_CONSENT)
    consent = consent_of(portrait)
    if consent is None or consent.is_withdrawn:
        messages.info(request, f"“{portrait.label}” has no consent to withdraw.")
        return redirect("portrait_consent", portrait.code)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = consent_withdraw(
            consent=consent, withdrawn_by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            f"Consent withdrawn. {done.canceled} queued video(s) canceled; "
            f"{done.hidden} video(s) no longer on any share link.",
        )
        return redirect("portrait_consent", portrait.code)
    return render(
        request,
        "projects/consent_withdraw.html",
        {
            "portrait": portrait,
            "team": portrait.team,
            "consent": consent,
            "form": form,
            "effects": withdrawal_effects(portrait),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def consent_document(request, code):
    """The consent document, to the team's owners only: never on a share link."""
    asset, _ = get_asset(request.user, code, Action.MANAGE_CONSENT)
    consent = consent_of(asset)
    if consent is None or not consent.document:
        raise Http404("No consent document.")
    extension = consent.document_extension
    stem = consent.document_label.rsplit(".", 1)[0] or "consent"
    return serve_file(
        request,
        consent.document,
        content_type=consent.document_content_type,
        filename=f"{stem}.{extension}",
        download=request.GET.get("download") == "1",
    )
