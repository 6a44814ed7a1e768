"""A portrait's consent: recording it, checking it before any render, and
withdrawing it. Every way of making a video (the form, the grid, a sheet,
``enqueue_renders``, the starter, making again and retrying) ends in
``renders/services.py``, which asks ``check_consent`` here: the one gate."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from projects.audit.log import OPERATOR, actor_label, audit
from projects.models import FINISHED, Asset, AuditKind, PortraitConsent, Render, User
from projects.models.render_lifecycle import CANCELABLE
from projects.renders.titles import shown_title

ASK = "Record who is in the photo and that they agreed to be animated, then try again."


def consent_url(portrait: Asset) -> str:
    return reverse("portrait_consent", args=[portrait.code])


def consent_problem(portrait: Asset, consent: PortraitConsent | None) -> str:
    """Why this portrait cannot be animated, in words; "" when it can."""
    if consent is None:
        return f"“{portrait.label}” has no consent recorded yet. {ASK}"
    if consent.is_withdrawn:
        return (
            f"{consent.person_name} withdrew their consent for “{portrait.label}” on "
            f"{timezone.localtime(consent.withdrawn_at):%-d %B %Y}, so it cannot be animated again."
        )
    return ""


def check_consent(portraits: Sequence[Asset]):
    """Refuse, in one sentence per portrait, unless every one has consent
    that stands. Locks those consent rows until the caller's transaction
    ends, so a withdrawal at the same moment cancels what this queues."""
    ids = {portrait.pk for portrait in portraits}
    found = {
        consent.portrait_id: consent
        for consent in PortraitConsent.objects.select_for_update().filter(portrait_id__in=ids)
    }
    problems, seen = [], set()
    for portrait in portraits:
        if portrait.pk in seen:
            continue
        seen.add(portrait.pk)
        problem = consent_problem(portrait, found.get(portrait.pk))
        if problem:
            problems.append(problem)
    if problems:
        raise ValidationError(" ".join(problems), code="no_consent")


def consent_record(
    *,
    portrait: Asset,
    person_name: str,
    consent_date: date,
    confirmed_by: User | None,
    operator_name: str = "",
    document=None,
    document_info=None,
) -> PortraitConsent:
    """Record that `person_name` agreed, on `consent_date`, to be animated
    for the portrait's team. `document` is a checked file (forms.py)."""
    if consent_date > timezone.localdate():
        raise ValidationError("The date of consent cannot be in the future.")
    with transaction.atomic():
        if PortraitConsent.objects.select_for_update().filter(portrait=portrait).exists():
            raise ValidationError(f"Consent for “{portrait.label}” was already recorded.")
        consent = PortraitConsent(
            portrait=portrait,
            person_name=person_name,
            consent_date=consent_date,
            confirmed_by=confirmed_by,
            confirmed_by_name=(operator_name or actor_label(confirmed_by))[:300],
        )
        if document is not None and document_info is not None:
            consent.document_label = (document.name or "consent")[:200]
            consent.document_extension = document_info.extension
            consent.document_content_type = document_info.content_type
            consent.document.save("consent", document, save=False)
        try:
            consent.save()
            with_document = " A consent document is kept." if consent.document else ""
            audit(
                portrait.team,
                AuditKind.CONSENT_GIVEN,
                user=confirmed_by,
                actor_name=operator_name and f"{OPERATOR}: {operator_name}",
                project=portrait.project,
                target=f"“{portrait.label}” (portrait)",
                target_code=portrait.code,
                summary=f"{person_name} agreed on {consent_date:%-d %B %Y}.{with_document}",
            )
        except BaseException:
            if consent.document:
                consent.document.delete(save=False)
            raise
    return consent


@dataclass(frozen=True)
class Withdrawal:
    """What withdrawing a portrait's consent does, counted before and after."""

    canceled: int  # queued or held, nothing sent to Kling: canceled
    finishing: int  # already with Kling: it finishes, hidden like the rest
    hidden: int  # finished videos that leave every share link


def withdrawal_effects(portrait: Asset) -> Withdrawal:
    renders = Render.objects.filter(portrait=portrait)
    cancelable = renders.filter(status__in=CANCELABLE, create_sent_at__isnull=True).count()
    unfinished = renders.exclude(status__in=FINISHED).count()
    return Withdrawal(
        canceled=cancelable,
        finishing=max(0, unfinished - cancelable),
        hidden=renders.in_stages("done").count(),
    )


def consent_withdraw(
    *, consent: PortraitConsent, withdrawn_by: User, reason: str = ""
) -> Withdrawal:
    """Withdraw a portrait's consent: no new video from it, its queued ones
    canceled, and its videos gone from every share link at once (the links'
    queries read the consent; nothing is copied onto the renders)."""
    portrait = consent.portrait
    now = timezone.now()
    with transaction.atomic():
        changed = PortraitConsent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawn_by=withdrawn_by, withdraw_reason=reason[:500]
        )
        if not changed:
            raise ValidationError(f"Consent for “{portrait.label}” was already withdrawn.")
        effects = withdrawal_effects(portrait)
        canceled = 0
        for render in Render.objects.filter(portrait=portrait, status__in=CANCELABLE):
            if render.cancel(now):
                canceled += 1
                audit(
                    portrait.team,
                    AuditKind.RENDER_CANCELED,
                    user=withdrawn_by,
                    project=render.project,
                    target=f"“{shown_title(render)}” (video)",
                    target_code=render.code,
                    summary="Canceled: consent for its portrait was withdrawn.",
                )
        because = f" Reason: {reason}" if reason else ""
        audit(
            portrait.team,
            AuditKind.CONSENT_WITHDRAWN,
            user=withdrawn_by,
            project=portrait.project,
            target=f"“{portrait.label}” (portrait)",
            target_code=portrait.code,
            summary=(
                f"{consent.person_name} withdrew consent: {canceled} queued video(s) canceled, "
                f"{effects.hidden} video(s) hidden from share links.{because}"
            )[:500],
        )
    consent.refresh_from_db()
    return Withdrawal(canceled=canceled, finishing=effects.finishing, hidden=effects.hidden)
