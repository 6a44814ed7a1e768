"""The form that makes a share link: in the project's and a render's share
panel (through the ``sharing`` template tags) and on its own page."""

from datetime import timedelta

from django import forms
from django.utils import timezone

EXPIRY_CHOICES = [
    ("1", "After 1 day"),
    ("7", "After 7 days"),
    ("30", "After 30 days"),
    ("never", "Never: only when you turn it off"),
    ("date", "On a date I choose"),
]


class ShareLinkForm(forms.Form):
    label = forms.CharField(
        label="Name of the link",
        max_length=100,
        help_text="Who is it for? Only your team sees this name.",
        widget=forms.TextInput(attrs={"placeholder": "e.g. ACME marketing team"}),
        error_messages={"required": "Give the link a name, for example who it is for."},
    )
    expires = forms.ChoiceField(label="Stops working", choices=EXPIRY_CHOICES, initial="30")
    expires_on = forms.DateTimeField(
        label="Date and time",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter a date and time, e.g. 2030-06-30 18:00."},
    )
    allow_download = forms.BooleanField(
        label="Allow downloading the video", required=False, initial=False
    )
    allow_feedback = forms.BooleanField(
        label="Let them comment, approve or ask for changes",
        required=False,
        initial=False,
        help_text="They give a name and an e-mail first; you get a notice for each answer.",
    )

    def __init__(self, *args, **kwargs):
        # The project page holds other forms: keep this one's ids apart.
        kwargs.setdefault("auto_id", "share_%s")
        super().__init__(*args, **kwargs)
        # In the site's time zone, which is how the server reads the answer.
        now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        self.fields["expires_on"].widget.attrs["min"] = now

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("expires")
        if choice == "date":
            when = cleaned.get("expires_on")
            if when is None:
                if "expires_on" not in self.errors:
                    self.add_error("expires_on", "Pick the date and time the link stops working.")
            elif when <= timezone.now():
                self.add_error("expires_on", "Pick a date and time in the future.")
            cleaned["expires_at"] = when
        elif choice == "never":
            cleaned["expires_at"] = None
        elif choice:
            cleaned["expires_at"] = timezone.now() + timedelta(days=int(choice))
        return cleaned
