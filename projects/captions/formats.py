"""Cues as files: WebVTT by webvtt-py, SRT by srt (no hand-written formats).
Cues are the Caption's JSON: [{"start": s, "end": s, "text": "line\\nline"}]."""

import html
import io
from datetime import timedelta

import srt
import webvtt


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def _vtt_text(text: str) -> str:
    """A cue's words as WebVTT text: "&", "<" and ">" escaped (webvtt-py
    writes text as given, and a script's "<" would start a tag), and no
    blank line, which would end the cue."""
    lines = [line for line in text.splitlines() if line.strip()]
    return html.escape("\n".join(lines), quote=False)


def to_vtt(cues: list[dict]) -> str:
    document = webvtt.WebVTT()
    for cue in cues:
        document.captions.append(
            webvtt.Caption(_stamp(cue["start"]), _stamp(cue["end"]), _vtt_text(cue["text"]))
        )
    return document.content


def to_srt(cues: list[dict]) -> str:
    subtitles = [
        srt.Subtitle(
            index=number,
            start=timedelta(seconds=cue["start"]),
            end=timedelta(seconds=cue["end"]),
            content=cue["text"],
        )
        for number, cue in enumerate(cues, start=1)
    ]
    return srt.compose(subtitles)


def from_vtt(text: str) -> list[dict]:
    return [
        {
            "start": c.start_time.in_milliseconds() / 1000,
            "end": c.end_time.in_milliseconds() / 1000,
            "text": html.unescape(c.raw_text),
        }
        for c in webvtt.from_buffer(io.StringIO(text))
    ]


def from_srt(text: str) -> list[dict]:
    return [
        {"start": s.start.total_seconds(), "end": s.end.total_seconds(), "text": s.content}
        for s in srt.parse(text)
    ]
