"""The consent step's forms: "Who is in this photo?" and withdrawing."""

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from projects.media.document import (
    ACCEPTED_TEXT,
    CONSENT_DOCUMENT_MAX_BYTES,
    check_consent_document,
)
from projects.media.errors import MediaRefused
from projects.media.limits import MB
from projects.teams.names import refuse_control_characters

MAX_REASON_CHARS = 500


class ConsentForm(forms.Form):
    person_name = forms.CharField(
        label="Name of the person in the photo",
        max_length=200,
        validators=[refuse_control_characters],
        error_messages={"required": "Write the name of the person in the photo."},
    )
    consent_date = forms.DateField(
        label="Date they agreed",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Give the date the person agreed.",
            "invalid": "Give the date the person agreed as a date, for example 2026-03-14.",
        },
    )
    agreed = forms.BooleanField(
        error_messages={"required": "Tick the box to confirm that the person agreed."},
    )
    document = forms.FileField(
        label="Consent document",
        required=False,
        help_text=f"{ACCEPTED_TEXT[0].upper()}{ACCEPTED_TEXT[1:]}, up to "
        f"{CONSENT_DOCUMENT_MAX_BYTES // MB} MB. Only the team's owners can open it.",
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "agreed"
        ].label = f"I confirm this person agreed to have their face animated by AI for {team.name}."
        self.fields["consent_date"].initial = timezone.localdate()
        self.fields["consent_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.document_info = None

    def clean_person_name(self):
        name = " ".join(self.cleaned_data["person_name"].split())
        if not name:
            raise ValidationError("Write the name of the person in the photo.")
        return name

    def clean_consent_date(self):
        day = self.cleaned_data["consent_date"]
        if day > timezone.localdate():
            raise ValidationError("The date they agreed cannot be in the future.")
        return day

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document:
            return None
        if document.size > CONSENT_DOCUMENT_MAX_BYTES:
            raise ValidationError(
                f"The consent document is {document.size / MB:.1f} MB; it can be at most "
                f"{CONSENT_DOCUMENT_MAX_BYTES // MB} MB."
            )
        with tempfile.TemporaryDirectory(prefix="consent-") as tmp:
            path = Path(tmp) / "document"
            with path.open("wb") as out:
                for chunk in document.chunks():
                    out.write(chunk)
            try:
                self.document_info = check_consent_document(path)
            except MediaRefused as refusal:
                raise ValidationError(refusal.message)
        document.seek(0)
        return document

    def first_error(self):
        for errors in self.errors.values():
            return errors[0]
        return ""


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Reason, kept in the audit trail",
        required=False,
        max_length=MAX_REASON_CHARS,
        validators=[refuse_control_characters],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
