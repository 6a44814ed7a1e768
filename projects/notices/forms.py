"""The e-mail choices form: for each kind of notice, immediately, in a daily
digest, or never."""

from django import forms

from projects.models import NotificationPreference


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["ready", "failed", "changes", "feedback"]
        widgets = {name: forms.RadioSelect for name in fields}
