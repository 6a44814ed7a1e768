"""Timing by syllables: when no model can align a script's words (another
language, or the alignment failed), each word gets a share of the speech
proportional to its syllables, with a short pause after punctuation."""

from .words import Word, syllables

# A pause after a sentence or a clause, counted in syllables.
PAUSE_AFTER = {".": 2.0, "!": 2.0, "?": 2.0, ",": 1.0, ";": 1.0, ":": 1.0, "—": 1.0}


def _pause(token: str) -> float:
    return PAUSE_AFTER.get(token.rstrip("\"'”’)»")[-1:] or "", 0.0)


def time_by_syllables(tokens: list[str], start: float, end: float) -> list[Word]:
    """`tokens` spread over the speech from `start` to `end` seconds."""
    if not tokens:
        return []
    end = max(end, start + 0.1 * len(tokens))
    weights = [syllables(t) for t in tokens]
    pauses = [_pause(t) for t in tokens[:-1]] + [0.0]
    total = sum(weights) + sum(pauses)
    per = (end - start) / total
    words, at = [], start
    for token, weight, pause in zip(tokens, weights, pauses, strict=True):
        words.append(Word(token, round(at, 3), round(at + weight * per, 3)))
        at += (weight + pause) * per
    return words
