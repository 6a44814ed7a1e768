"""The import page's forms: the uploaded sheet, and the sheet sent back with
"Queue N videos" (as its text, checked again from the start)."""

from django import forms

from projects.imports.sheet import SheetRefused, decode_sheet, read_sheet
from projects.renders.services import MAX_BATCH
from projects.wording import limit_words, size_words

MAX_SHEET_BYTES = 512 * 1024


def rows_of(text: str):
    """The sheet's rows, or a ValidationError with the sheet's refusal."""
    try:
        rows = read_sheet(text, max_rows=MAX_BATCH)
    except SheetRefused as refusal:
        raise forms.ValidationError(refusal.message)
    if not rows:
        raise forms.ValidationError("The CSV has no rows to queue, only its header.")
    return rows


class SheetUploadForm(forms.Form):
    sheet = forms.FileField(
        label="CSV file",
        error_messages={
            "required": "Choose a CSV file to import.",
            "empty": "This file is empty.",
            "invalid": "Choose a CSV file to import.",
        },
    )

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if sheet.size > MAX_SHEET_BYTES:
            raise forms.ValidationError(
                f"This file is {size_words(sheet.size)}; a sheet can be at most "
                f"{limit_words(MAX_SHEET_BYTES)}. Is it the right file?"
            )
        try:
            text = decode_sheet(sheet.read(MAX_SHEET_BYTES + 1))
        except SheetRefused as refusal:
            raise forms.ValidationError(refusal.message)
        self.cleaned_data["rows"] = rows_of(text)
        self.cleaned_data["text"] = text
        return sheet


class SheetQueueForm(forms.Form):
    text = forms.CharField(strip=False, max_length=MAX_SHEET_BYTES)
    name = forms.CharField(required=False, max_length=200)
    # The lines the preview said it would make: if the sheet now reads
    # otherwise, the person sees the new preview before anything is queued.
    lines = forms.CharField(required=False, max_length=2000)

    def clean_text(self):
        text = self.cleaned_data["text"]
        try:
            decode_sheet(text.encode())  # what an upload is held to
        except SheetRefused as refusal:
            raise forms.ValidationError(refusal.message)
        self.cleaned_data["rows"] = rows_of(text)
        return text
