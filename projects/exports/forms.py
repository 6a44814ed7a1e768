"""The render page's "Download with…" form."""

from django import forms
from django.core.exceptions import ValidationError

from projects.models import DEFAULT_LABEL, LABEL_MAX_CHARS

from .services import NOTHING_CHOSEN, clean_label


class ExportForm(forms.Form):
    burn_captions = forms.BooleanField(label="Captions burned in", required=False)
    ai_label = forms.BooleanField(label="“AI-generated” label in a corner", required=False)
    label_text = forms.CharField(
        label="Words of the label",
        required=False,
        initial=DEFAULT_LABEL,
        # A little room over the limit, so that a longer text gets our message.
        max_length=LABEL_MAX_CHARS * 4,
        strip=False,
        help_text=f"At most {LABEL_MAX_CHARS} characters, on one line. "
        "Drawn small in the top-right corner of every frame.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "export_%s")
        super().__init__(*args, **kwargs)
        self.fields["label_text"].widget.attrs.update(maxlength=LABEL_MAX_CHARS)

    def clean_label_text(self):
        text = self.cleaned_data.get("label_text", "")
        if not self.data.get("ai_label"):
            return DEFAULT_LABEL
        return clean_label(text)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("burn_captions") or cleaned.get("ai_label")):
            raise ValidationError(NOTHING_CHOSEN)
        return cleaned
