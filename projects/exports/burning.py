"""Drawing captions and the "AI-generated" label into a video's picture.

Both are one ASS subtitle document rendered by ffmpeg's ``ass`` filter
(libass, in imageio-ffmpeg's static build): captions at the bottom in a
box, the label in the top-right corner for the whole video. The font is the
DejaVu Sans shipped in ``projects/media/fonts/`` and handed to libass as its
fonts directory, so a machine without any system font (or a static build
whose fontconfig finds none) draws the same letters.

Text from people (captions, the label) is escaped for ASS: a "{" would
start an override block (``{\\b1}``) and a backslash an escape (``\\N``).
"""

import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from projects.media.ffmpeg import burn_in, video_size

FONTS_DIR = Path(__file__).resolve().parent.parent / "media" / "fonts"
FONT_NAME = "DejaVu Sans"
VIDEO_DEMUXER = "mov"  # the archived video is an MP4, read as nothing else
# An invisible word joiner after each backslash: libass then reads "\n" in
# someone's words as the two characters, not as an escape.
_JOINER = "\u2060"


@dataclass
class Burn:
    """What to draw: caption cues ([{"start", "end", "text"}]) and/or a label."""

    cues: list[dict] | None = None
    label: str = ""


def ass_text(text: str) -> str:
    """Someone's words as ASS dialogue text: control characters dropped,
    line breaks as ASS's own ``\\N``, braces and backslashes escaped."""
    lines = []
    for line in str(text).splitlines():
        kept = "".join(ch for ch in line if unicodedata.category(ch)[0] != "C")
        kept = kept.replace("\\", "\\" + _JOINER).replace("{", "\\{").replace("}", "\\}")
        if kept.strip():
            lines.append(kept.strip())
    return "\\N".join(lines)


def _stamp(seconds: float) -> str:
    centis = max(0, round(seconds * 100))
    hours, rest = divmod(centis, 360_000)
    minutes, rest = divmod(rest, 6000)
    secs, centis = divmod(rest, 100)
    return f"{hours}:{minutes:02d}:{secs:02d}.{centis:02d}"


def ass_document(burn: Burn, width: int, height: int) -> str:
    """The ASS file for a video of width × height pixels: sizes in its pixels."""
    caption_size = max(14, round(height * 0.055))
    label_size = max(12, round(height * 0.038))
    margin = max(8, round(height * 0.03))
    style = "&H00FFFFFF,&H00FFFFFF,&H00000000,&H8C000000,0,0,0,0,100,100,0,0,3"
    lines = [
        "[Script Info]",
        "ScriptType: v4.00+",
        f"PlayResX: {width}",
        f"PlayResY: {height}",
        "WrapStyle: 0",
        "ScaledBorderAndShadow: yes",
        "",
        "[V4+ Styles]",
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
        "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
        "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
        # BorderStyle 3: an opaque box behind the words (the outline colour),
        # readable on any picture.
        f"Style: Caption,{FONT_NAME},{caption_size},{style},{max(2, caption_size // 6)},0,2,"
        f"{margin * 2},{margin * 2},{margin},1",
        f"Style: Label,{FONT_NAME},{label_size},{style},{max(2, label_size // 4)},0,9,"
        f"{margin},{margin},{margin},1",
        "",
        "[Events]",
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ]
    for cue in burn.cues or []:
        text = ass_text(cue.get("text", ""))
        if text and cue["end"] > cue["start"]:
            start, end = _stamp(cue["start"]), _stamp(cue["end"])
            lines.append(f"Dialogue: 0,{start},{end},Caption,,0,0,0,,{text}")
    if label := ass_text(burn.label):
        lines.append(f"Dialogue: 1,0:00:00.00,9:59:59.99,Label,,0,0,0,,{label}")
    return "\n".join(lines) + "\n"


def burn_video(source: Path, destination: Path, burn: Burn, *, timeout: float) -> None:
    """Make `destination`: the MP4 `source` with `burn` drawn in, sound copied.
    Raises FfmpegFailed when ffmpeg cannot."""
    width, height = video_size(source, VIDEO_DEMUXER, timeout=60)
    with tempfile.TemporaryDirectory(prefix="burn-") as tmp:
        work = Path(tmp)
        (work / "burn.ass").write_text(ass_document(burn, width, height), encoding="utf-8")
        fonts = work / "fonts"
        fonts.mkdir()
        for font in FONTS_DIR.glob("*.ttf"):
            shutil.copyfile(font, fonts / font.name)
        burn_in(
            source.resolve(),
            VIDEO_DEMUXER,
            destination.resolve(),
            workdir=work,
            ass_name="burn.ass",
            fonts_name="fonts",
            timeout=timeout,
        )
