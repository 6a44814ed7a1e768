"""The pieces the usage chart is drawn with: SVG elements (every text
escaped), the fill patterns that tell series apart without colour, the
scale of the value axis and the axes.

Presentation is in SVG attributes (fill, stroke), which the strict
Content-Security-Policy allows; the page's stylesheet only sizes the chart.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.html import escape

from projects.usage.money import money, price_per_unit
from projects.wording import units as units_words

WIDTH = 960
LEFT, RIGHT, TOP, BOTTOM = 64, 84, 34, 46
PLOT_W = WIDTH - LEFT - RIGHT
INK, MUTED, GRID = "#1c1b29", "#5f5d74", "#e2e1ee"
FONT = "13"


def element(name: str, attrs: dict, children: str = "") -> str:
    """``<name attrs>children</name>``; attribute values are escaped,
    children are SVG already (use ``text`` for words)."""
    written = "".join(f' {key}="{escape(value)}"' for key, value in attrs.items())
    if not children:
        return f"<{name}{written}/>"
    return f"<{name}{written}>{children}</{name}>"


def text(x: float, y: float, words: str, **attrs) -> str:
    attrs = {"x": num(x), "y": num(y), "font-size": FONT, "fill": MUTED, **attrs}
    return element("text", {k.replace("_", "-"): v for k, v in attrs.items()}, escape(words))


def num(value: float) -> str:
    """A coordinate, to a tenth of a pixel."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


# --- Patterns: one per series, distinct in shape as well as in colour --------

# (name, colour); "Other projects", when there is one, takes the last.
PATTERNS = [
    ("solid", "#5b4cdb"),
    ("diagonal stripes", "#0f766e"),
    ("dots", "#b45309"),
    ("cross-hatch", "#be185d"),
    ("horizontal stripes", "#1d4ed8"),
    ("vertical stripes", "#44403c"),
]
TILE = 8


def pattern_id(index: int) -> str:
    return f"spend-pattern-{index}"


def _marks(kind: str, colour: str) -> str:
    if kind == "solid":
        return element("rect", {"width": TILE, "height": TILE, "fill": colour})
    tint = element("rect", {"width": TILE, "height": TILE, "fill": _tint(colour)})
    line = {"stroke": colour, "stroke-width": "2"}
    marks = {
        "diagonal stripes": element("path", {"d": "M-2 2L2 -2M0 8L8 0M6 10L10 6", **line}),
        "dots": element("circle", {"cx": "4", "cy": "4", "r": "2.2", "fill": colour}),
        "cross-hatch": element("path", {"d": "M0 0L8 8M8 0L0 8", **line, "stroke-width": "1.5"}),
        "horizontal stripes": element("rect", {"width": TILE, "height": "3", "fill": colour}),
        "vertical stripes": element("rect", {"width": "3", "height": TILE, "fill": colour}),
    }
    return tint + marks[kind]


def _tint(colour: str) -> str:
    """The colour mixed with three parts of white: the patterns' ground."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{(c + 3 * 255) // 4:02x}" for c in (red, green, blue))


def pattern_defs(count: int) -> str:
    patterns = [
        element(
            "pattern",
            {
                "id": pattern_id(i),
                "width": TILE,
                "height": TILE,
                "patternUnits": "userSpaceOnUse",
                "data-pattern": PATTERNS[i][0],
            },
            _marks(*PATTERNS[i]),
        )
        for i in range(count)
    ]
    return element("defs", {}, "".join(patterns))


def swatch(index: int) -> str:
    """A legend's sample of series ``index``: it uses the chart's pattern."""
    rect = element(
        "rect",
        {
            "x": "0.5",
            "y": "0.5",
            "width": "17",
            "height": "17",
            "fill": f"url(#{pattern_id(index)})",
            "stroke": INK,
        },
    )
    attrs = {"class": "chart-legend__swatch", "viewBox": "0 0 18 18", "aria-hidden": "true"}
    return element("svg", {**attrs, "width": "18", "height": "18"}, rect)


# --- Scales and axes -----------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """The value axis of a panel: 0 to ``top`` units over ``height`` pixels."""

    ticks: list[Decimal]
    height: float

    @property
    def top(self) -> Decimal:
        return self.ticks[-1]

    def y(self, value) -> float:
        return TOP + self.height - float(value) / float(self.top) * self.height

    def length(self, value) -> float:
        return float(value) / float(self.top) * self.height


def scale_for(highest: Decimal, height: float) -> Scale:
    """Round steps (1, 2, 2.5 or 5 times a power of ten), about four of
    them, up to ``highest`` or just above it."""
    highest = highest if highest > 0 else Decimal(1)
    raw = highest / 4
    exponent = raw.adjusted()
    steps = (Decimal(m).scaleb(exponent) for m in ("1", "2", "2.5", "5", "10"))
    step = next(s for s in steps if s >= raw)
    count = math.ceil(highest / step)
    return Scale([step * i for i in range(count + 1)], height)


def shows_money() -> bool:
    """Money beside units, with a price above 0: in practice mode every
    figure would read 0."""
    return bool(price_per_unit())


def value_axis(scale: Scale, unit_title: str) -> str:
    """Grid lines, units on the left and, with a price, money on the right."""
    parts = [text(4, TOP - 22, unit_title, fill=INK)]
    with_money = shows_money()
    if with_money:
        parts.append(text(WIDTH - 4, TOP - 22, "Money", text_anchor="end", fill=INK))
    for tick in scale.ticks:
        y = scale.y(tick)
        parts.append(
            element(
                "line",
                {"x1": LEFT, "x2": WIDTH - RIGHT, "y1": num(y), "y2": num(y), "stroke": GRID},
            )
        )
        parts.append(text(LEFT - 8, y + 4, units_words(tick), text_anchor="end"))
        if with_money:
            parts.append(text(WIDTH - RIGHT + 8, y + 4, money(tick)))
    return "".join(parts)


def day_words(day: date) -> str:
    return f"{day:%b} {day.day}"


def time_axis(buckets: list[date], positions: list[float], height: float) -> str:
    """The base line and about a dozen dates under it; the year under the
    first date and wherever it changes, when the axis spans years."""
    baseline = TOP + height
    parts = [
        element(
            "line",
            {
                "x1": LEFT,
                "x2": WIDTH - RIGHT,
                "y1": num(baseline),
                "y2": num(baseline),
                "stroke": INK,
            },
        )
    ]
    every = max(1, math.ceil(len(buckets) / 12))
    years = {b.year for b in buckets}
    shown_year = None
    for i in range(0, len(buckets), every):
        day, x = buckets[i], positions[i]
        parts.append(text(x, baseline + 18, day_words(day), text_anchor="middle"))
        if len(years) > 1 and day.year != shown_year:
            parts.append(text(x, baseline + 34, str(day.year), text_anchor="middle"))
            shown_year = day.year
    return "".join(parts)


def svg(name: str, height: float, title: str, desc: str, body: str) -> str:
    """The root: a picture named by its title and described by its desc."""
    ids = f"{name}-title {name}-desc"
    head = element("title", {"id": f"{name}-title"}, escape(title)) + element(
        "desc", {"id": f"{name}-desc"}, escape(desc)
    )
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "class": "chart__svg",
        "id": name,
        "viewBox": f"0 0 {WIDTH} {num(height)}",
        "role": "img",
        "aria-labelledby": ids,
        "font-family": "system-ui, sans-serif",
    }
    return element("svg", attrs, head + body)
