"""The campaign grid's forms: which portraits and voices it shows (the
picker, read from the query string), and which missing cells to make."""

from django import forms
from django.utils.http import urlencode

from projects.grid.matrix import Grid
from projects.kling import limits
from projects.models import Project, RenderMode
from projects.renders.services import MAX_BATCH

PICKED = "pick"  # marks a picker's choice, even an empty one, from the project's own


def picked(data) -> dict:
    """The picker's choice in a query string or a form, as build_grid takes it."""
    if data.get(PICKED) != "1":
        return {}
    return {"portraits": data.getlist("portrait"), "voices": data.getlist("voice")}


def picked_query(grid: Grid) -> str:
    """The picker's choice as it goes back into a link or a form."""
    if not grid.picked:
        return ""
    return urlencode(
        [(PICKED, "1")]
        + [("portrait", str(p.code)) for p in grid.portraits]
        + [("voice", v.key) for v in grid.voices]
    )


class GridMakeForm(forms.Form):
    """The cells to make: the ticked ones, or every missing one. Only cells
    still missing are made; the confirmation names how many and their cost."""

    cell = forms.MultipleChoiceField(
        required=False,
        error_messages={
            "invalid_choice": "Some ticked cells are no longer in this grid (a portrait or "
            "voice left the library). Look at the grid again and tick them anew."
        },
    )
    all_missing = forms.BooleanField(required=False)
    mode = forms.ChoiceField(
        label="Quality",
        choices=RenderMode.choices,
        initial=RenderMode.STD,
        widget=forms.RadioSelect,
    )
    prompt = forms.CharField(
        label="Direction for the avatar (optional)",
        required=False,
        max_length=limits.PROMPT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The same for every new video: “smiles warmly, nods, slow zoom in”.",
    )
    confirm = forms.BooleanField(required=False)

    def __init__(self, data=None, *, grid: Grid, project: Project):
        super().__init__(data)
        self.grid, self.project = grid, project
        self.fields["cell"].choices = [(value, value) for value in grid.cells]

    def clean(self):
        cleaned = super().clean()
        if self.project.is_archived:
            raise forms.ValidationError("This project is archived. Restore it to make new videos.")
        if "cell" in self.errors:
            return cleaned
        cells = self.grid.cells
        chosen = (
            self.grid.missing
            if cleaned.get("all_missing")
            else [cells[value] for value in dict.fromkeys(cleaned.get("cell") or [])]
        )
        missing = [cell for cell in chosen if cell.is_missing]
        cleaned["cells"] = missing
        cleaned["made_meanwhile"] = len(chosen) - len(missing)
        if not chosen:
            self.add_error(
                "cell",
                "Tick at least one cell that is not made yet, or choose “Make all missing”."
                if self.grid.missing
                else "Every cell of this grid is made or on its way: there is nothing to make.",
            )
        elif not missing:
            self.add_error(
                "cell",
                "The cells you ticked are made or on their way now: there is nothing to make.",
            )
        elif len(missing) > MAX_BATCH:
            self.add_error(
                "cell",
                f"That would make {len(missing)} videos at once; the limit is {MAX_BATCH}. "
                f"Tick up to {MAX_BATCH} cells.",
            )
        return cleaned
