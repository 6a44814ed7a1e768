"""The caption editor's forms: one form per cue (its words, when it starts
and ends) in one formset for all of a version's cues, and the version the
page was loaded with.

The checks apply to what the person changed: a cue they did not touch is
kept as the worker made it, even one the speech made shorter than a second
(`cues.make_cues` holds a short cue only up to the next one) or a single
word longer than a line, so an edit of one cue is never refused because of
another. A changed cue must have words on at most two lines of 42
characters, start before it ends, last 1 to 7 seconds, end within the
video, and not overlap its neighbours.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory

from .cues import MAX_SECONDS, MIN_SECONDS
from .editing import cue_text, cue_time, time_words

MAX_CUES = 500  # far above a Kling video's few dozen cues
_EPSILON = 0.0005  # times are kept to the millisecond


class CueForm(forms.Form):
    text = forms.CharField(
        label="Words", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    start = forms.CharField(label="Starts at", required=False, max_length=20)
    end = forms.CharField(label="Ends at", required=False, max_length=20)

    def clean_start(self):
        return cue_time(self.cleaned_data.get("start", ""), "starts")

    def clean_end(self):
        return cue_time(self.cleaned_data.get("end", ""), "ends")


class BaseCueFormSet(BaseFormSet):
    def __init__(self, data=None, *, original: list[dict], duration: float | None):
        self.original = original
        self.duration = duration
        initial = [
            {"text": c["text"], "start": time_words(c["start"]), "end": time_words(c["end"])}
            for c in original
        ]
        super().__init__(data, initial=initial, prefix="cue")

    def clean(self):
        if any(self.errors):
            return
        if self.total_form_count() != len(self.original):
            raise ValidationError(
                "These captions changed since this page was opened: reload it and edit again."
            )
        self.edited = []
        moved = []
        for form, old in zip(self.forms, self.original, strict=True):
            cue, was_moved = self._cue(form, old)
            self.edited.append(cue)
            moved.append(was_moved)
        for index, (form, cue) in enumerate(zip(self.forms, self.edited, strict=True)):
            if moved[index]:
                self._check_timing(form, cue)
        for index in range(len(self.edited) - 1):
            if moved[index] or moved[index + 1]:
                self._check_neighbours(index, moved)

    def _cue(self, form, old: dict) -> tuple[dict, bool]:
        """The cue as edited, and whether its timing changed. What was not
        changed is kept exactly as it was."""
        data = form.cleaned_data
        text = data["text"].replace("\r\n", "\n")
        if text != old["text"]:
            try:
                text = cue_text(text)
            except ValidationError as error:
                form.add_error("text", error)
        start, end = data["start"], data["end"]
        was_moved = abs(start - old["start"]) > _EPSILON or abs(end - old["end"]) > _EPSILON
        if not was_moved:
            start, end = old["start"], old["end"]
        return {"start": start, "end": end, "text": text}, was_moved

    def _check_timing(self, form, cue: dict) -> None:
        length = cue["end"] - cue["start"]
        if length <= 0:
            form.add_error("end", "It must end after it starts.")
        elif length < MIN_SECONDS - _EPSILON:
            form.add_error("end", "Show it for at least 1 second: people need time to read it.")
        elif length > MAX_SECONDS + _EPSILON:
            form.add_error("end", "Show it for at most 7 seconds: shorten it, or end it sooner.")
        if self.duration and cue["end"] > self.duration + _EPSILON:
            form.add_error(
                "end", f"The video ends at {time_words(self.duration)}: end the caption by then."
            )

    def _check_neighbours(self, index: int, moved: list[bool]) -> None:
        first, second = self.edited[index], self.edited[index + 1]
        if first["end"] <= second["start"] + _EPSILON:
            return
        if moved[index + 1]:
            self.forms[index + 1].add_error(
                "start",
                f"It starts before caption {index + 1} ends ({time_words(first['end'])}): "
                "captions cannot overlap.",
            )
        else:
            self.forms[index].add_error(
                "end",
                f"It ends after caption {index + 2} starts ({time_words(second['start'])}): "
                "captions cannot overlap.",
            )

    def cues(self) -> list[dict]:
        return self.edited


CueFormSet = formset_factory(
    CueForm, formset=BaseCueFormSet, extra=0, max_num=MAX_CUES, absolute_max=MAX_CUES
)


class CaptionVersionForm(forms.Form):
    """The newest version when the page was loaded (hidden), and for a
    restore, the earlier version to bring back."""

    version = forms.IntegerField(min_value=1, max_value=1_000_000, widget=forms.HiddenInput)
    restore = forms.IntegerField(min_value=1, max_value=1_000_000, required=False)
