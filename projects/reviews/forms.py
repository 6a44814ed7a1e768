"""The form of a render's conversation: a comment, optionally at a moment."""

import re

from django import forms
from django.core.exceptions import ValidationError

from projects.reviews.services import MAX_COMMENT_CHARS

_MOMENT = re.compile(r"^(?:(?:(\d+):)?(\d+):)?(\d+(?:[.,]\d*)?)$")


def parse_moment(text: str) -> float | None:
    """ "0:03", "1:02.5", "1:00:05" or plain seconds ("3.5") → seconds; "" → None."""
    text = (text or "").strip()
    if not text:
        return None
    if text.startswith("-"):
        raise ValidationError("A moment cannot be before the start of the video.")
    match = _MOMENT.match(text)
    if not match:
        raise ValidationError("Write the moment as minutes:seconds, like 0:03.")
    hours, minutes, seconds = match.groups()
    seconds = float(seconds.replace(",", "."))
    if minutes is not None and seconds >= 60:
        raise ValidationError("Write the moment as minutes:seconds, like 0:03.")
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + seconds


class CommentForm(forms.Form):
    """One box for the whole conversation: a comment, or a review decision
    (the buttons say which). The services decide what is required."""

    body = forms.CharField(
        label="Comment",
        required=False,
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_CHARS}),
    )
    at = forms.CharField(
        label="At moment",
        required=False,
        max_length=20,
        help_text="Optional, like 0:03. Leave empty for a comment on the whole video.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0:03"}),
    )

    def clean_at(self):
        return parse_moment(self.cleaned_data.get("at", ""))
