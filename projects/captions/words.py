"""Words as the captions hold them: the text as written (with its
punctuation) and when it is said, in seconds."""

import re
from dataclasses import dataclass


@dataclass
class Word:
    text: str  # as written in the script, punctuation kept
    start: float
    end: float


_TOKEN = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\w']+")


def script_tokens(script: str) -> list[str]:
    """The words of a script as they will be shown, in order."""
    return _TOKEN.findall(script or "")


def spoken_form(token: str) -> str:
    """A token as the recognizer's dictionary spells it: lower case, no
    punctuation around it ("Hello," → "hello", "it's" stays)."""
    return _LETTERS.sub("", token.lower()).strip("'_")


def syllables(token: str) -> int:
    """About how many syllables a written word has (groups of vowels, at
    least one; digits count one each): enough to share time fairly."""
    word = spoken_form(token)
    if not word:
        return 1
    digits = sum(ch.isdigit() for ch in word)
    groups = re.findall(r"[aeiouyàâäéèêëïîôöùûüáíóúœæ]+", word)
    count = len(groups)
    if word.endswith("e") and count > 1 and not word.endswith(("le", "ee")):
        count -= 1
    return max(1, count + digits)
