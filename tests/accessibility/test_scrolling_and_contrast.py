"""Rules read from the templates and the stylesheet: a table that scrolls
sideways can be reached and scrolled with the keyboard, and the upload drop
zone's dashed border is visible enough (WCAG 2.1.1 and 1.4.11)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "static/css/app.css").read_text()


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_sideways_scrolling_table_is_a_named_focusable_region():
    wrappers = []
    for template in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(
            r"<div [^>]*class=\"[^\"]*\btable-scroll\b[^>]*>", template.read_text()
        ):
            wrappers.append((template.name, tag))
    assert len(wrappers) >= 7
    for name, tag in wrappers:
        assert 'tabindex="0"' in tag, name
        assert 'role="region"' in tag, name
        assert "aria-label=" in tag or "aria-labelledby=" in tag, name


def test_the_drop_zones_dashed_border_has_3_to_1_contrast():
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))
    rule = re.search(r"\.dropzone \{[^}]*\}", CSS).group(0)
    border = re.search(r"border: 2px dashed (#[0-9a-fA-F]{6})", rule).group(1)
    assert "var(--brand-soft)" in rule
    assert contrast(border, colours["brand-soft"]) >= 3
    assert (
        contrast("#c4c0ec", colours["brand-soft"]) < 3
    )  # the old colour fails: the check can fail
