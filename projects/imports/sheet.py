"""A sheet of renders: the CSV that ``manage.py enqueue_renders --csv`` and
the import page both read, one render per row.

The first row names the columns: project, portrait and voiceover, optionally
prompt, mode and watermark (yes/no), in any order and case. What a portrait
or voiceover value names is the reader's business: a file beside the CSV for
the command, an upload of the team's library for the page. Here: the header,
the rows, and what is wrong with a row whatever its names point at.
"""

import csv
from dataclasses import dataclass, field

from projects.kling import limits
from projects.models import RenderMode

CSV_REQUIRED = ("project", "portrait", "voiceover")
CSV_OPTIONAL = ("prompt", "mode", "watermark")
YES, NO = ("yes", "y", "true", "1"), ("", "no", "n", "false", "0")
PROMPT_LIMIT = limits.PROMPT_MAX_CHARS


class SheetRefused(Exception):
    """The whole sheet cannot be read; ``message`` says why, in plain words."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class SheetRow:
    line: int  # where the row ends in the file, as a spreadsheet numbers it
    project: str
    portrait: str
    voiceover: str
    prompt: str = ""
    mode: str = RenderMode.STD
    watermark: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"Line {self.line}: "


def sentence(problems) -> str:
    """ "the mode is “ultra”; use std or pro" → "The mode is “ultra”; use std or pro."
    (only the first letter is raised: the values quoted keep their case)."""
    text = "; ".join(problems)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def prompt_problem(prompt: str) -> str:
    """What is wrong with a direction's length, or ""."""
    if len(prompt) > PROMPT_LIMIT:
        return f"the prompt is {len(prompt)} characters; at most {PROMPT_LIMIT}"
    return ""


def read_sheet(text: str, *, max_rows: int | None = None) -> list[SheetRow]:
    """The sheet's rows, empty ones left out. Raises SheetRefused when the
    header is wrong, the text is not CSV, or there are more than ``max_rows``."""
    try:
        return _rows(text, max_rows)
    except csv.Error:
        raise SheetRefused(
            "This file is not a CSV we can read (a value opens a quotation mark that never "
            "closes, or it holds characters no CSV has). Save it again as CSV from your "
            "spreadsheet."
        )


def _rows(text, max_rows):
    reader = csv.DictReader(text.splitlines())
    columns = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in CSV_REQUIRED if name not in columns]
    unknown = [name for name in columns if name not in CSV_REQUIRED + CSV_OPTIONAL]
    if missing or unknown:
        problem = (
            f"it lacks the column(s) {', '.join(missing)}"
            if missing
            else f"it has column(s) we do not know: {', '.join(unknown)}"
        )
        raise SheetRefused(
            f"The CSV's first row must name its columns, and {problem}. "
            f"Use {', '.join(CSV_REQUIRED)}, and optionally {', '.join(CSV_OPTIONAL)}."
        )
    reader.fieldnames = columns
    rows = []
    for values in reader:
        values = {name: (values.get(name) or "").strip() for name in columns}
        if not any(values.values()):
            continue
        if max_rows is not None and len(rows) == max_rows:
            raise SheetRefused(
                f"This sheet has more than {max_rows} rows; at most {max_rows} videos "
                "can be queued at once. Split it into smaller sheets."
            )
        rows.append(_row(values, reader.line_num))
    return rows


def _row(values, line):
    mode = values.get("mode", "").lower() or RenderMode.STD
    watermark = values.get("watermark", "").lower()
    problems = [f"the {name} is missing" for name in CSV_REQUIRED if not values[name]]
    if mode not in RenderMode.values:
        problems.append(f"the mode is “{values['mode']}”; use std or pro")
    if watermark not in YES + NO:
        problems.append(f"the watermark is “{values['watermark']}”; use yes or no")
    prompt = values.get("prompt", "")
    if prompt_problem(prompt):
        problems.append(prompt_problem(prompt))
    return SheetRow(
        line=line,
        project=values["project"],
        portrait=values["portrait"],
        voiceover=values["voiceover"],
        prompt=prompt,
        mode=mode,
        watermark=watermark in YES,
        problems=problems,
    )


# The first bytes of files people take for a CSV: spreadsheets' own formats.
WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
SAVE_AS_CSV = "In your spreadsheet app, save or download it as “CSV UTF-8”, then upload that."


def decode_sheet(data: bytes) -> str:
    """An uploaded sheet's text. Raises SheetRefused for a workbook, text
    that is not UTF-8, or bytes no text file has."""
    if data.startswith(WORKBOOKS):
        raise SheetRefused(f"This is a spreadsheet workbook, not a CSV. {SAVE_AS_CSV}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetRefused(f"This file is not a CSV saved as UTF-8 text. {SAVE_AS_CSV}")
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        raise SheetRefused(f"This file holds characters no CSV has: it is not a CSV. {SAVE_AS_CSV}")
    return text
