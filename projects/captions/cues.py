"""Cutting timed words into caption cues.

A cue holds at most two lines of at most 42 characters and lasts 1 to 7
seconds, and two sentences that can each last a second get a cue each.
Too long a run of words is cut at the phrase boundary that reads
best: after a sentence's end first, then after a clause's punctuation, then
at the longest pause between words; among equals, the cut nearest the middle.
"""

from dataclasses import dataclass

from .words import Word

MAX_LINE = 42
MAX_LINES = 2
MIN_SECONDS = 1.0
MAX_SECONDS = 7.0
_SENTENCE = ".!?…"
_CLAUSE = ",;:—–"


@dataclass
class Cue:
    start: float
    end: float
    lines: list[str]

    @property
    def text(self):
        return "\n".join(self.lines)

    def as_json(self):
        return {"start": round(self.start, 3), "end": round(self.end, 3), "text": self.text}


def wrap(tokens: list[str]) -> list[str] | None:
    """The tokens on at most two lines of at most MAX_LINE characters, the
    lines as even as they can be; None when they do not fit."""
    one = " ".join(tokens)
    if len(one) <= MAX_LINE:
        return [one]
    best = None
    for cut in range(1, len(tokens)):
        lines = [" ".join(tokens[:cut]), " ".join(tokens[cut:])]
        if max(map(len, lines)) <= MAX_LINE:
            score = abs(len(lines[0]) - len(lines[1]))
            if best is None or score < best[0]:
                best = (score, lines)
    return best[1] if best else None


def _fits(words: list[Word]) -> bool:
    """Short enough for one cue, and not two sentences that could each be one."""
    if len(words) == 1:
        return True  # one word is a cue however long it is
    if wrap([w.text for w in words]) is None or words[-1].end - words[0].start > MAX_SECONDS:
        return False
    return not any(
        _boundary(words[cut - 1]) == 2
        and words[cut - 1].end - words[0].start >= MIN_SECONDS
        and words[-1].end - words[cut].start >= MIN_SECONDS
        for cut in range(1, len(words))
    )


def _boundary(word: Word) -> int:
    ending = word.text.rstrip("\"'”’)»")[-1:]
    if ending and ending in _SENTENCE:
        return 2
    if ending and ending in _CLAUSE:
        return 1
    return 0


def _best_cut(words: list[Word]) -> int:
    """The index where the second part starts."""
    middle = len(words) / 2

    def rank(cut):
        gap = words[cut].start - words[cut - 1].end
        return (_boundary(words[cut - 1]), round(gap, 2), -abs(cut - middle))

    return max(range(1, len(words)), key=rank)


def _split(words: list[Word]) -> list[list[Word]]:
    if _fits(words):
        return [words]
    cut = _best_cut(words)
    return _split(words[:cut]) + _split(words[cut:])


def make_cues(words: list[Word], *, total: float | None = None) -> list[Cue]:
    """Cues for `words` (in order, timed). A cue shorter than MIN_SECONDS is
    held on screen longer, up to the next cue (or `total`, the video's end)."""
    words = [w for w in words if w.text.strip()]
    if not words:
        return []
    groups = _split(words)
    cues = []
    for index, group in enumerate(groups):
        start = group[0].start
        end = max(group[-1].end, start)
        limit = groups[index + 1][0].start if index + 1 < len(groups) else total
        if end - start < MIN_SECONDS:
            end = start + MIN_SECONDS if limit is None else min(start + MIN_SECONDS, limit)
        end = min(end, start + MAX_SECONDS)
        lines = wrap([w.text for w in group]) or [" ".join(w.text for w in group)]
        cues.append(Cue(round(start, 3), round(max(end, start + 0.001), 3), lines))
    return cues
