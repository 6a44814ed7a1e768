from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from projects.models import Project, User
from projects.roles import Role


class SignUpForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150, required=False)
    email = forms.EmailField(label="Work e-mail", max_length=150)
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(username=email).exists():
            raise forms.ValidationError(
                "There is already an account with this e-mail. Log in, or reset your password."
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("name", ""),
            )
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "description"]
        labels = {"name": "Project name", "description": "What is this campaign about?"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TeamForm(forms.Form):
    name = forms.CharField(label="Team name", max_length=100)


class AddMemberForm(forms.Form):
    email = forms.EmailField(label="Their e-mail")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.EDITOR)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        try:
            self.user = User.objects.get(username=email)
        except User.DoesNotExist:
            raise forms.ValidationError(
                "Nobody has an account with this e-mail yet. Ask them to sign up first."
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


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
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="…or type a script for a Kling voice",
    )
    voice_id = forms.ChoiceField(
        choices=[(v, label) for v, label, _ in KLING_VOICES], required=False, label="Voice"
    )
    prompt = forms.CharField(
        required=False,
        max_length=2500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2500, "data-counter": "2500"}),
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
        from projects.models import Asset, AssetKind

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
        max_length=2500,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Direction for the avatar",
    )
    mode = forms.ChoiceField(
        choices=[("std", "Standard: cost-effective"), ("pro", "Professional: higher quality")],
        label="Quality",
    )
