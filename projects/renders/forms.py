"""The make-video form and the make-again form, built from Kling's limits."""

from django import forms

from projects.consent.services import consent_problem
from projects.kling import limits
from projects.models import Asset, AssetKind, consent_of
from projects.renders.plan import plan_for
from projects.renders.services import check_batch_size
from projects.renders.titles import TITLE_MAX_CHARS
from projects.teams.names import has_control_characters

KLING_VOICES = [
    ("oversea_male1", "English: man, warm (oversea_male1)", "en"),
    ("uk_man2", "English: British man (uk_man2)", "en"),
    ("commercial_lady_en_f-v1", "English: woman, commercial (commercial_lady_en_f-v1)", "en"),
]


PROMPT_LIMIT = "Kling takes at most {limit:,} characters of direction"
SCRIPT_LIMIT = "a Kling voice reads at most {limit:,} characters"


def within_limit(text: str, limit: int, rule: str) -> str:
    """``text`` with the browser's line breaks (CR LF) as the page counted
    them (LF), refused when longer than ``limit``: never cut."""
    text = text.replace("\r\n", "\n")
    over = len(text) - limit
    if over > 0:
        raise forms.ValidationError(
            f"{over:,} character{'' if over == 1 else 's'} too many: "
            f"{rule.format(limit=limit)}. Shorten it and try again."
        )
    return text


class RenderForm(forms.Form):
    """One render per portrait × voiceover pair; with a script, one per portrait."""

    portraits = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Portrait",
        to_field_name="code",
        error_messages={
            "required": "Pick a portrait (upload one above if the list is empty).",
            "invalid_choice": "A portrait you ticked is no longer in the library. Pick another.",
            "invalid_pk_value": "A portrait you ticked is no longer in the library. Pick another.",
        },
    )
    voiceovers = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Voiceover",
        to_field_name="code",
        error_messages={
            "invalid_choice": "A voiceover you ticked is no longer in the library. Pick another.",
            "invalid_pk_value": "A voiceover you ticked is no longer in the library. Pick another.",
        },
    )
    # No max_length: a browser would cut a longer paste without a word. The
    # page counts the characters and clean_script() refuses what is too long.
    script = forms.CharField(
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "data-max-chars": limits.SCRIPT_MAX_CHARS,
                "aria-describedby": "id_script_counter id_script_error",
            }
        ),
        label="…or type a script for a Kling voice",
    )
    voice_id = forms.ChoiceField(
        choices=[(v, label) for v, label, _ in KLING_VOICES], required=False, label="Voice"
    )
    prompt = forms.CharField(
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "data-max-chars": limits.PROMPT_MAX_CHARS,
                "aria-describedby": "id_prompt_helptext id_prompt_counter id_prompt_error",
            }
        ),
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
    # Sent only by the confirmation's button: the Plan.key it agreed to.
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        assets = Asset.objects.alive().filter(team=team)
        self.fields["portraits"].queryset = assets.filter(kind=AssetKind.PORTRAIT).select_related(
            "consent"
        )
        self.fields["voiceovers"].queryset = assets.filter(kind=AssetKind.VOICEOVER)
        self.plan = None

    def clean_script(self):
        script = within_limit(self.cleaned_data["script"], limits.SCRIPT_MAX_CHARS, SCRIPT_LIMIT)
        if script and len(script) < 10:
            raise forms.ValidationError("This script is too short to make a 2-second voiceover.")
        return script

    def clean_portraits(self):
        """Said beside the picker before anything is asked: the services
        refuse the same portraits (consent.services.check_consent)."""
        portraits = self.cleaned_data["portraits"]
        problems = [consent_problem(p, consent_of(p)) for p in portraits]
        problems = [problem for problem in problems if problem]
        if problems:
            raise forms.ValidationError(" ".join(problems))
        return portraits

    def clean_prompt(self):
        return within_limit(self.cleaned_data["prompt"], limits.PROMPT_MAX_CHARS, PROMPT_LIMIT)

    def clean(self):
        cleaned = super().clean()
        voiceovers = cleaned.get("voiceovers")
        script = cleaned.get("script") or ""
        if voiceovers and script:
            self.add_error("script", "Use either uploaded voiceovers or a script, not both.")
        elif not voiceovers and not script and not {"voiceovers", "script"} & self.errors.keys():
            self.add_error(
                "voiceovers", "Pick a voiceover, or type a script for a Kling voice to read."
            )
        if script:
            voice = cleaned.get("voice_id") or KLING_VOICES[0][0]
            cleaned["voice_id"] = voice
            cleaned["voice_language"] = next(lang for v, _, lang in KLING_VOICES if v == voice)
        self.plan = plan_for(
            portraits=cleaned.get("portraits") or [],
            voiceovers=cleaned.get("voiceovers") or [],
            script=cleaned.get("script") or "",
            mode=cleaned.get("mode") or "std",
        )
        if self.plan:
            try:
                check_batch_size(self.plan.count)
            except forms.ValidationError as error:
                self.add_error(None, error)
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


TITLE_EMPTY = "A video needs a title, so it keeps “{old}”. Type a new title to rename it."
TITLE_ONE_LINE = (
    "A title must fit on one line: remove line breaks, tabs and other invisible characters."
)


class RenderTitleForm(forms.Form):
    """Renaming a video: one line, at most TITLE_MAX_CHARS characters. No
    max_length on the field: the error says how many characters too many."""

    title = forms.CharField(
        required=False,
        label="Title",
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_CHARS, "autocomplete": "off"}),
        help_text="What people see in the gallery, on share links and in downloaded file names.",
    )

    def __init__(self, *args, old_title="", **kwargs):
        super().__init__(*args, **kwargs)
        self.old_title = old_title

    def clean_title(self):
        title = self.cleaned_data["title"]
        if not title:
            raise forms.ValidationError(TITLE_EMPTY.format(old=self.old_title or "its title"))
        if has_control_characters(title):
            raise forms.ValidationError(TITLE_ONE_LINE)
        over = len(title) - TITLE_MAX_CHARS
        if over > 0:
            raise forms.ValidationError(
                f"{over:,} character{'' if over == 1 else 's'} too many: a title can be at most "
                f"{TITLE_MAX_CHARS} characters. Shorten it and try again."
            )
        return title
