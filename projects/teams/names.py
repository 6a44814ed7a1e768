"""Names people give things: a team, a project, themselves.

A name is one line of text. A line break, a tab or another invisible control
character in one breaks the places a name travels to, an e-mail's subject
first, so forms and model fields refuse them with ``refuse_control_characters``
(sign-up forms can use it too), and ``one_line`` turns text written before
this rule into a line that is safe to send.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

NAME_ON_ONE_LINE = (
    "A name must fit on one line: remove line breaks, tabs and other invisible characters."
)

# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
_BREAKING = {"Cc", "Zl", "Zp"}


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) in _BREAKING for ch in text)


def refuse_control_characters(value) -> None:
    """Validator for names (model fields and forms)."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(NAME_ON_ONE_LINE, code="control_characters")


_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """The text on a single line: every run of whitespace and control
    characters becomes one space, and none is left at either end."""
    text = "".join(" " if unicodedata.category(ch) in _BREAKING else ch for ch in str(text))
    return _SPACES.sub(" ", text).strip()
