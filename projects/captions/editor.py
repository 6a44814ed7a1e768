"""What the render page's captions panel shows: the newest version (who
edited it, and when), its cues (read-only for viewers, the editor's forms
for editors and owners) and the earlier versions that can be brought back."""

from projects.teams.roles import Action

from .editing import time_words
from .editor_forms import CueFormSet

EARLIER_SHOWN = 20


def caption_editor(render_obj, membership, *, formset=None, based_on=None, refusal="") -> dict:
    """The panel's context. `formset`, `based_on` and `refusal`: a refused
    save shown again with the person's words and the reason."""
    captions = render_obj.captions.select_related("edited_by")
    caption = captions.order_by("-version").first()
    if caption is None:
        return {"caption": None}
    can_edit = membership.can(Action.EDIT)
    if can_edit and formset is None:
        formset = CueFormSet(original=caption.cues, duration=render_obj.duration)
    rows = [
        {
            "number": number,
            "start": cue["start"],
            "start_words": time_words(cue["start"]),
            "end_words": time_words(cue["end"]),
            "text": cue["text"],
        }
        for number, cue in enumerate(caption.cues, start=1)
    ]
    return {
        "caption": caption,
        "caption_rows": rows,
        "caption_forms": list(zip(rows, formset.forms, strict=False)) if can_edit else [],
        "caption_formset": formset if can_edit else None,
        "caption_based_on": based_on or caption.version,
        "caption_refusal": refusal,
        "caption_editor_open": formset is not None and formset.is_bound,
        "caption_versions": list(
            captions.defer("cues")
            .filter(version__lt=caption.version)
            .order_by("-version")[:EARLIER_SHOWN]
        ),
    }
