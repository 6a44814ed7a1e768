"""A project's campaign grid: portraits down, voices across, and in each cell
where that pair stands, from its latest render.

A voice is an uploaded voiceover, or a script read by a Kling voice (one
column per script text and voice, as the project's renders used them). By
default the grid shows the team's live portraits and voiceovers that this
project used or that were uploaded into it, and every script column; a
picker chooses others from the team's library.

Two queries build it whatever its size: the team's live uploads, and the
project's renders (a few columns each), newest first, so that the first
render met for a pair is its latest.
"""

import hashlib
from dataclasses import dataclass, field

from django.urls import reverse

from projects.models import Asset, AssetKind, Project, Render, ReviewState
from projects.models.render_lifecycle import STAGE_OF
from projects.renders.services import Pair

# The grid's largest size: a wider table helps nobody, and the page stays quick.
MAX_PORTRAITS = 50
MAX_VOICES = 60
# How many codes a picker's link may carry; more are ignored.
MAX_PICKED = 500

MISSING, IN_PROGRESS, DONE, APPROVED, ATTENTION = (
    "missing",
    "in_progress",
    "done",
    "approved",
    "attention",
)
# (symbol, word) of each way a cell reads: never colour alone.
LOOKS = {
    "missing": ("○", "Not made"),
    "queued": ("◔", "Queued"),
    "rendering": ("◔", "Rendering"),
    "saving": ("◔", "Saving"),
    "done": ("✓", "Done"),
    "approved": ("★", "Approved"),
    "changes": ("✎", "Changes requested"),
    "failed": ("✕", "Failed"),
    "canceled": ("⊘", "Canceled"),
}
# The legend: what each state means, in the order a campaign moves.
LEGEND = [
    ("○", "Not made", "no video for this pair yet; tick it to make one"),
    ("◔", "In progress", "queued, being rendered by Kling, or being saved"),
    ("✓", "Done", "made, not reviewed yet"),
    ("★", "Approved", "made and approved"),
    (
        "✕ ✎ ⊘",
        "Needs a look",
        "failed, canceled or changes requested: open it to retry or make it again",
    ),
]
SCRIPT_PREFIX = "s-"


def script_key(script: str, voice_id: str) -> str:
    """A script column's key: the same text read by the same voice."""
    digest = hashlib.sha256(f"{voice_id}\n{script}".encode()).hexdigest()
    return f"{SCRIPT_PREFIX}{digest[:16]}"


@dataclass(frozen=True)
class Voice:
    """A column: an uploaded voiceover, or a script and the Kling voice reading it."""

    key: str
    label: str
    voiceover: Asset | None = None
    script: str = ""
    voice_id: str = ""
    voice_language: str = "en"

    def pair(self, portrait: Asset) -> Pair:
        return Pair(
            portrait,
            self.voiceover,
            script=self.script,
            voice_id=self.voice_id,
            voice_language=self.voice_language or "en",
        )


@dataclass
class Cell:
    portrait: Asset
    voice: Voice
    state: str = MISSING
    look: str = "missing"
    url: str = ""  # the latest render's page
    renders: int = 0

    @property
    def value(self) -> str:
        """How a ticked cell is sent back: the portrait's code and the voice's key."""
        return f"{self.portrait.code}:{self.voice.key}"

    @property
    def symbol(self) -> str:
        return LOOKS[self.look][0]

    @property
    def word(self) -> str:
        return LOOKS[self.look][1]

    @property
    def is_missing(self) -> bool:
        return self.state == MISSING


@dataclass
class Grid:
    portraits: list[Asset]  # rows
    voices: list[Voice]  # columns
    rows: list[tuple[Asset, list[Cell]]]
    library_portraits: list[Asset]  # what the picker offers
    library_voices: list[Voice]
    picked: bool  # chosen with the picker, rather than the project's own
    left_out: dict = field(default_factory=dict)  # {"portraits": 12}: beyond the largest size

    @property
    def cells(self) -> dict[str, Cell]:
        return {cell.value: cell for _, cells in self.rows for cell in cells}

    @property
    def missing(self) -> list[Cell]:
        return [cell for _, cells in self.rows for cell in cells if cell.is_missing]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys([MISSING, IN_PROGRESS, DONE, APPROVED, ATTENTION], 0)
        for _, cells in self.rows:
            for cell in cells:
                counts[cell.state] += 1
        return counts

    @property
    def size(self) -> int:
        return len(self.portraits) * len(self.voices)


def look_of(status: str, review_state: str) -> tuple[str, str]:
    """(state, look) of a cell whose latest render has this status and review."""
    stage = STAGE_OF[status]
    if stage in ("queued", "rendering", "saving"):
        return IN_PROGRESS, stage
    if stage == "done":
        if review_state == ReviewState.APPROVED:
            return APPROVED, "approved"
        if review_state == ReviewState.CHANGES:
            return ATTENTION, "changes"
        return DONE, "done"
    return ATTENTION, stage  # failed, canceled


def build_grid(
    project: Project, *, portraits: list[str] | None = None, voices: list[str] | None = None
) -> Grid:
    """The grid of ``project``. ``portraits`` and ``voices`` are the keys the
    picker chose (portrait codes; voiceover codes or script keys); None for
    the project's own. Keys that name nothing of the team's are ignored."""
    library = list(
        Asset.objects.alive()
        .filter(team_id=project.team_id)
        .select_related("consent")
        .order_by("label", "pk")
    )
    renders = list(
        Render.objects.filter(project=project)
        .order_by("-created", "-pk")
        .values_list(
            "portrait_id",
            "voiceover_id",
            "script",
            "voice_id",
            "voice_language",
            "status",
            "review_state",
            "code",
        )
    )
    library_portraits = [a for a in library if a.kind == AssetKind.PORTRAIT]
    library_voices = [
        Voice(key=str(a.code), label=a.label, voiceover=a)
        for a in library
        if a.kind == AssetKind.VOICEOVER
    ] + _script_voices(renders)
    picked = portraits is not None or voices is not None
    if picked:
        wanted_portraits = {str(key) for key in (portraits or [])[:MAX_PICKED]}
        wanted_voices = {str(key) for key in (voices or [])[:MAX_PICKED]}
        rows = [a for a in library_portraits if str(a.code) in wanted_portraits]
        columns = [v for v in library_voices if v.key in wanted_voices]
    else:
        used = {r[0] for r in renders} | {r[1] for r in renders}
        mine = {a.pk for a in library if a.project_id == project.pk} | used
        rows = [a for a in library_portraits if a.pk in mine]
        columns = [v for v in library_voices if v.voiceover is None or v.voiceover.pk in mine]
    left_out = {}
    if len(rows) > MAX_PORTRAITS:
        left_out["portraits"] = len(rows) - MAX_PORTRAITS
        rows = rows[:MAX_PORTRAITS]
    if len(columns) > MAX_VOICES:
        left_out["voices"] = len(columns) - MAX_VOICES
        columns = columns[:MAX_VOICES]
    return Grid(
        portraits=rows,
        voices=columns,
        rows=_cells(rows, columns, renders),
        library_portraits=library_portraits,
        library_voices=library_voices,
        picked=picked,
        left_out=left_out,
    )


def _script_voices(renders) -> list[Voice]:
    """One column per script and voice the project's renders used, oldest first."""
    voices = {}
    for _, voiceover_id, script, voice_id, language, *_ in reversed(renders):
        if voiceover_id is None:
            key = script_key(script, voice_id)
            short = script if len(script) <= 60 else f"{script[:59]}…"
            voices[key] = Voice(
                key=key,
                label=f"“{short}” ({voice_id})",
                script=script,
                voice_id=voice_id,
                voice_language=language or "en",
            )
    return list(voices.values())


def _cells(rows, columns, renders):
    # Every render page's address differs only by its code: reverse once.
    sample = "00000000-0000-0000-0000-000000000000"
    address = reverse("render_detail", args=[sample])
    latest, counts = {}, {}
    for portrait_id, voiceover_id, script, voice_id, _, status, review, code in renders:
        key = (
            portrait_id,
            voiceover_id if voiceover_id is not None else script_key(script, voice_id),
        )
        counts[key] = counts.get(key, 0) + 1
        latest.setdefault(key, (status, review, code))
    grid = []
    for portrait in rows:
        cells = []
        for voice in columns:
            key = (portrait.pk, voice.voiceover.pk if voice.voiceover else voice.key)
            cell = Cell(portrait=portrait, voice=voice, renders=counts.get(key, 0))
            if key in latest:
                status, review, code = latest[key]
                cell.state, cell.look = look_of(status, review)
                cell.url = address.replace(sample, str(code))
            cells.append(cell)
        grid.append((portrait, cells))
    return grid
