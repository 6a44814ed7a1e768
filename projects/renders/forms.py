"""The make-video form and the make-again form, built from Kling's limits."""

from django import forms

from projects.kling import limits
from projects.models import Asset, AssetKind

KLING_VOICES = [
    ("oversea_male1", "English: man, warm (oversea_male1)", "en"),
    ("uk_man2", "English: British man (uk_man2)", "en"),
    ("commercial_lady_en_f-v1", "English: woman, commercial (commercial_lady_en_f-v1)", "en"),
]


class RenderForm(forms.Form):
    """One render per portrait × voiceover pair; with a script, one per portrait."""

    portraits = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Portrait",
        to_field_name="code",
        error_messages={"required": "Pick a portrait (upload one above if the list is empty)."},
    )
    voiceovers = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Voiceover",
        to_field_name="code",
    )
    script = forms.CharField(
        required=False,
        max_length=limits.SCRIPT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="…or type a script for a Kling voice",
    )
    voice_id = forms.ChoiceField(
        choices=[(v, label) for v, label, _ in KLING_VOICES], required=False, label="Voice"
    )
    prompt = forms.CharField(
        required=False,
        max_length=limits.PROMPT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Direction for the avatar",
        help_text="Actions, emotions, camera: “smiles warmly, nods, slow zoom in”.",
    )
    mode = forms.ChoiceField(
        choices=[("std", "Standard: cost-effective"), ("pro", "Professional: higher quality")],
        initial="std",
        widget=forms.RadioSelect,
        label="Quality",
    )
    watermark = forms.BooleanField(required=False, label="Also make a watermarked copy")

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        assets = Asset.objects.alive().filter(team=team)
        self.fields["portraits"].queryset = assets.filter(kind=AssetKind.PORTRAIT)
        self.fields["voiceovers"].queryset = assets.filter(kind=AssetKind.VOICEOVER)

    def clean(self):
        cleaned = super().clean()
        voiceovers = cleaned.get("voiceovers")
        script = (cleaned.get("script") or "").strip()
        if voiceovers and script:
            raise forms.ValidationError("Use either uploaded voiceovers or a script, not both.")
        if not voiceovers and not script and "voiceovers" not in self.errors:
            raise forms.ValidationError(
                "Pick a voiceover, or type a script for a Kling voice to read."
            )
        if script:
            voice = cleaned.get("voice_id") or KLING_VOICES[0][0]
            cleaned["voice_id"] = voice
            cleaned["voice_language"] = next(lang for v, _, lang in KLING_VOICES if v == voice)
            if len(script) < 10:
                self.add_error("script", "This script is too short to make a 2-second voiceover.")
        return cleaned


class RenderAgainForm(forms.Form):
    prompt = forms.CharField(
        required=False,
        max_length=limits.PROMPT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Direction for the avatar",
    )
    mode = forms.ChoiceField(
        choices=[("std", "Standard: cost-effective"), ("pro", "Professional: higher quality")],
        label="Quality",
    )
