"""The form that makes a share link: in the project's and a render's share
panel (through the ``sharing`` template tags) and on its own page."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.dateformat import format as date_format

EXPIRY_CHOICES = [
    ("1", "After 1 day"),
    ("7", "After 7 days"),
    ("30", "After 30 days"),
    ("never", "Never: only when you turn it off"),
    ("date", "On a date I choose"),
]


# What a new link shows: the videos ticked in the gallery, or every approved one.
SHOWS_CHOSEN = "chosen"
SHOWS_APPROVED = "approved"
SHOWS_CHOICES = [(SHOWS_CHOSEN, "The videos you ticked"), (SHOWS_APPROVED, "All approved videos")]


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
        label="Clients may comment and approve",
        required=False,
        initial=False,
        help_text="They give their name and e-mail once; you see their comments here.",
    )
    shows = forms.ChoiceField(
        label="Videos on the link",
        choices=SHOWS_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, ticked=0, **kwargs):
        # The project page holds other forms: keep this one's ids apart.
        kwargs.setdefault("auto_id", "share_%s")
        super().__init__(*args, **kwargs)
        # Videos ticked in the gallery are the suggestion; else the approved ones.
        self.fields["shows"].initial = SHOWS_CHOSEN if ticked else SHOWS_APPROVED
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


AI_LABEL_WHY = (
    "It tells people that these videos were made with AI from a photo and a voice. "
    "The EU AI Act requires that people be told when a realistic video of a person is "
    "AI-made (Article 50). If you turn it off, you may be responsible for telling them "
    "another way."
)
AI_LABEL_CONFIRM_NEEDED = (
    "To turn the label off, also tick “I understand”: people will not be told here "
    "that the videos are AI-made."
)


class ShareSettingsForm(ShareLinkForm):
    """A link's settings on its page: the new-link fields, with its end date
    kept unless another is chosen; and the "AI-generated" label, whose
    turning off must be confirmed."""

    ai_label = forms.BooleanField(
        label="Show the “AI-generated” label", required=False, help_text=AI_LABEL_WHY
    )
    ai_label_off = forms.BooleanField(
        label="I understand: people opening this link will not be told the videos are "
        "AI-made, and I will tell them another way.",
        required=False,
    )

    def __init__(self, *args, link, **kwargs):
        super().__init__(*args, **kwargs)
        self.link = link
        del self.fields["shows"]
        if link.expires_at is None:
            kept = "Keep: only when you turn it off"
        else:
            when = date_format(timezone.localtime(link.expires_at), "M j, Y H:i")
            kept = f"Keep: {'works until' if link.is_active else 'ended'} {when}"
        self.fields["expires"].choices = [("keep", kept), *EXPIRY_CHOICES]
        self.fields["expires"].initial = "keep"
        self.fields["ai_label"].widget.attrs["aria-describedby"] = "ai-label-why"
        self.fields["expires"].label = "Stops working"
        if not self.is_bound:
            self.initial.update(
                label=link.label,
                allow_download=link.allow_download,
                allow_feedback=link.allow_feedback,
                ai_label=link.ai_label,
            )

    def clean(self):
        if self.cleaned_data.get("expires") == "keep":
            cleaned = forms.Form.clean(self)
            cleaned["expires_at"] = self.link.expires_at
        else:
            cleaned = super().clean()
        turning_off = self.link.ai_label and not cleaned.get("ai_label")
        if turning_off and not cleaned.get("ai_label_off"):
            self.add_error("ai_label_off", AI_LABEL_CONFIRM_NEEDED)
        return cleaned
