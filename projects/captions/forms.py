"""Pasting a recorded voiceover's script (and its language) for its captions."""

from django import forms

from .languages import LANGUAGES


class TranscriptForm(forms.Form):
    transcript = forms.CharField(
        label="The voiceover's words",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Paste what the voiceover says: captions are then timed to these words.",
    )
    language = forms.ChoiceField(
        label="Language",
        choices=[*LANGUAGES.items(), ("other", "Other")],
        initial="en",
    )
