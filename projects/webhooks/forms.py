"""Adding a webhook: a name, an address that is checked now (``addresses.py``)
and the events to send."""

from django import forms

from projects.models import SUBSCRIBABLE, Webhook
from projects.teams.names import refuse_control_characters

from .addresses import WebhookRefused
from .sending import webhook_hosts

MAX_WEBHOOKS_PER_TEAM = 20


class WebhookForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        validators=[refuse_control_characters],
        help_text="For you: “#video-reviews on Slack”, “Our CRM”.",
    )
    url = forms.CharField(
        label="Address (URL)",
        max_length=2000,
        help_text=(
            "A Slack or Microsoft Teams webhook address gets messages made for them; "
            "any other address gets JSON, signed so that your developers can check it "
            "comes from us. It must start with https://."
        ),
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    events = forms.MultipleChoiceField(
        label="Send these events",
        choices=[(event.value, event.label) for event in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pick at least one event to send."},
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        try:
            webhook_hosts().check_url(url)
        except WebhookRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return url

    def clean(self):
        if Webhook.objects.filter(team=self.team).count() >= MAX_WEBHOOKS_PER_TEAM:
            raise forms.ValidationError(
                f"A team can have at most {MAX_WEBHOOKS_PER_TEAM} webhooks: delete one first."
            )
        return super().clean()
