"""Every e-mail goes through projects.mail, whose subject is one line
whatever it holds: a line break in a header makes the mail library refuse
the whole message (BadHeaderError) (issue #12)."""

import ast
from pathlib import Path

import pytest

from projects.mail import SUBJECT_MAX, subject_line

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "Alice invited you to Acme\nInc on Avatar Studio",
            "Alice invited you to Acme Inc on Avatar Studio",
        ),
        ("Acme\r\n\r\nInc", "Acme Inc"),
        ("\tAcme \x00\x1b Inc\u2028 ", "Acme Inc"),
        (
            "Your video in “Spring\x85campaign” is ready.",
            "Your video in “Spring campaign” is ready.",
        ),
        ("Café — Équipe 🚀", "Café — Équipe 🚀"),
    ],
)
def test_a_subject_is_collapsed_onto_one_line(text, line):
    assert subject_line(text) == line


def test_a_long_subject_is_shortened_with_an_ellipsis():
    line = subject_line("word " * 100)
    assert len(line) == SUBJECT_MAX and line.endswith("…")


def test_only_projects_mail_uses_djangos_mail_functions():
    senders = []
    for path in sorted((ROOT / "projects").rglob("*.py")):
        if path == ROOT / "projects" / "mail.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "django.core.mail"
            ):
                senders.append(str(path.relative_to(ROOT)))
            if isinstance(node, ast.Import) and any(
                a.name.startswith("django.core.mail") for a in node.names
            ):
                senders.append(str(path.relative_to(ROOT)))
    assert senders == []
