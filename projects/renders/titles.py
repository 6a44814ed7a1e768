"""A render's title: what people call a video on links, in galleries, page
titles and downloads. Made from the portrait's and the voiceover's names, or
the first words of the script ("Astronaut — Spring EN"); never a file name
with its extension, never a voice id. The team can rename it."""

import re

TITLE_MAX_CHARS = 120
SCRIPT_WORDS = 6
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_SEPARATORS = re.compile(r"[_\s]+")


def name_part(label: str) -> str:
    """A library label as a name: "spring_EN.mp3" → "spring EN"."""
    stem = _EXTENSION.sub("", label.strip())
    return _SEPARATORS.sub(" ", stem or label).strip()


def script_part(script: str, words: int = SCRIPT_WORDS) -> str:
    """The first words of a script, with "…" when there is more."""
    found = script.split()
    head = " ".join(found[:words]).rstrip(",;:.!?")
    return f"“{head}…”" if len(found) > words else f"“{head}”"


def default_title(portrait_label: str, voiceover_label: str = "", script: str = "") -> str:
    speech = name_part(voiceover_label) if voiceover_label else script_part(script)
    title = f"{name_part(portrait_label)} — {speech}" if speech else name_part(portrait_label)
    if len(title) > TITLE_MAX_CHARS:
        title = title[: TITLE_MAX_CHARS - 1].rstrip() + "…"
    return title


def title_for(render) -> str:
    """The default title of a render (its inputs must be loaded)."""
    return default_title(
        render.portrait.label,
        render.voiceover.label if render.voiceover_id else "",
        render.script,
    )


def shown_title(render) -> str:
    """What a render is called wherever it is named: its title, or for one
    made before titles, its project's name and version."""
    return render.title or f"{render.project.name} v{render.version}"
