"""The usage pages' chart of spend over time, drawn on the server as SVG.

Two pictures share one time axis:

* bars: the units of each day (or week), stacked by project, each project
  with a pattern of its own as well as a colour, and a legend;
* with daily bars, when there is a monthly budget or this month is shown:
  each month's running total, the budget line (in each month), and the
  forecast to the end of this month (``spend.FORECAST_RULE``).

Each picture has a title and a description for screen readers; the page
adds a table with the same figures. Nothing here runs in the browser.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from projects.usage import chart_svg as draw
from projects.usage.money import cost_words, money, price_per_unit
from projects.usage.spend import (
    DAY,
    FORECAST_RULE,
    OTHERS,
    WEEKLY_AFTER_DAYS,
    Spend,
    month_end,
)
from projects.wording import units as units_words

BARS_HEIGHT, RUNNING_HEIGHT = 220, 180
RUNNING, BUDGET, FORECAST = "#5b4cdb", "#b42318", "#1c1b29"
# How the three lines differ without colour: solid, long dashes, dots.
LINES = {
    "running": {"stroke": RUNNING, "stroke-width": "2.5"},
    "budget": {"stroke": BUDGET, "stroke-width": "2", "stroke-dasharray": "10 5"},
    "forecast": {"stroke": FORECAST, "stroke-width": "2.5", "stroke-dasharray": "2 4"},
}


@dataclass
class Row:
    """A line of the chart's table: a day (or week) with spend."""

    label: str
    named: list[tuple[str, Decimal]]
    total: Decimal
    so_far: Decimal | None


@dataclass
class Chart:
    series: list[str]
    bars: SafeString
    legend: SafeString
    running: SafeString
    running_legend: SafeString
    notes: list[str]
    rows: list[Row]
    step: str
    with_money: bool


def bucket_words(spend: Spend, bucket: date) -> str:
    words = f"{draw.day_words(bucket)}, {bucket.year}"
    return words if spend.step == DAY else f"the week of {words}"


class Frame:
    """Where a bucket sits across the plot."""

    def __init__(self, spend: Spend):
        self.spend = spend
        self.band = draw.PLOT_W / spend.count

    def left(self, day: date) -> float:
        return draw.LEFT + self.spend.index(day) * self.band

    def right(self, day: date) -> float:
        return self.left(day) + self.band

    def centre(self, day: date) -> float:
        return self.left(day) + self.band / 2

    def time_axis(self, height: float) -> str:
        buckets = [self.spend.bucket(i) for i in range(self.spend.count)]
        return draw.time_axis(buckets, [self.centre(b) for b in buckets], height)


def spend_chart(spend: Spend, *, budget: int | None) -> Chart | None:
    """The chart of ``spend``, with the monthly ``budget`` in units if one
    is set; None when no video was done in the period."""
    if spend.empty:
        return None
    frame = Frame(spend)
    running = spend.step == DAY and (budget is not None or spend.forecast is not None)
    return Chart(
        series=spend.series,
        bars=mark_safe(bars_svg(spend, frame)),  # noqa: S308 (every text is escaped)
        legend=mark_safe(legend_html(spend.series)),  # noqa: S308
        running=mark_safe(running_svg(spend, frame, budget) if running else ""),  # noqa: S308
        running_legend=mark_safe(running_legend(spend, budget) if running else ""),  # noqa: S308
        notes=notes(spend, budget, running=running),
        rows=table(spend),
        step=spend.step,
        with_money=draw.shows_money(),
    )


# --- The bars ------------------------------------------------------------------


def bars_svg(spend: Spend, frame: Frame) -> str:
    highest = spend.highest()
    scale = draw.scale_for(highest[1] if highest else Decimal(0), BARS_HEIGHT)
    width = max(frame.band * 0.72, 1.0)
    parts = [draw.pattern_defs(len(spend.series)), draw.value_axis(scale, f"Units a {spend.step}")]
    for bucket, amounts in sorted(spend.amounts.items()):
        x = frame.left(bucket) + (frame.band - width) / 2
        below = Decimal(0)
        for index, amount in enumerate(amounts):
            if amount <= 0:
                continue
            tip = f"{bucket_words(spend, bucket)}: {spend.series[index]}, {cost_words(amount)}"
            attrs = {
                "x": draw.num(x),
                "y": draw.num(scale.y(below + amount)),
                "width": draw.num(width),
                "height": draw.num(scale.length(amount)),
                "fill": f"url(#{draw.pattern_id(index)})",
                "stroke": "#fff",
                "stroke-width": "1",
                "data-series": index,
                "data-bucket": bucket.isoformat(),
                "data-units": units_words(amount),
            }
            parts.append(draw.element("rect", attrs, draw.element("title", {}, escape(tip))))
            below += amount
    if spend.forecast:
        parts.append(today_mark(frame.right(spend.forecast.today), BARS_HEIGHT))
    parts.append(frame.time_axis(BARS_HEIGHT))
    height = draw.TOP + BARS_HEIGHT + draw.BOTTOM
    return draw.svg("spend-bars", height, bars_title(spend), bars_desc(spend), "".join(parts))


def bars_title(spend: Spend) -> str:
    stacked = ", by project" if len(spend.series) > 1 else ""
    return f"Units charged each {spend.step}{stacked}, {spend.period.dates}"


def bars_desc(spend: Spend) -> str:
    bucket, most = spend.highest()
    words = [
        f"{cost_words(spend.grand_total)} in all.",
        f"Most in one {spend.step}: {cost_words(most)}, on {bucket_words(spend, bucket)}.",
    ]
    if len(spend.series) > 1:
        shares = [
            f"{name} ({draw.PATTERNS[i][0]}): {cost_words(units)}"
            for i, (name, units) in enumerate(zip(spend.series, spend.series_totals(), strict=True))
        ]
        words.append(f"By project: {'; '.join(shares)}.")
    return " ".join(words)


def legend_html(series: list[str]) -> str:
    items = "".join(
        f'<li>{draw.swatch(i)}<span class="break">{escape(name)}</span>'
        f'<span class="visually-hidden"> ({escape(draw.PATTERNS[i][0])})</span></li>'
        for i, name in enumerate(series)
    )
    return f'<ul class="chart-legend" aria-label="Projects in the bars">{items}</ul>'


# --- Each month's running total, the budget and the forecast -------------------


def running_svg(spend: Spend, frame: Frame, budget: int | None) -> str:
    totals = spend.running()
    forecast = spend.forecast
    highest = max([*totals.values(), Decimal(budget or 0), forecast.units if forecast else 0])
    scale = draw.scale_for(highest, RUNNING_HEIGHT)
    parts = [draw.value_axis(scale, "Units this month")]
    months = month_spans(spend)
    for first, _ in months[1:]:
        parts.append(vertical(frame.left(first), draw.MUTED, "2 3"))
        parts.append(draw.text(frame.left(first) + 4, draw.TOP - 8, f"{first:%B}", fill=draw.INK))
    for first, last in months:
        days = [d for d in totals if first <= d <= last]
        if days:
            start = spend.carried if first == spend.first else Decimal(0)
            points = [(frame.left(first), start)] + [(frame.right(d), totals[d]) for d in days]
            parts.append(polyline(points, scale, "running"))
        if budget is not None:
            y = draw.num(scale.y(budget))
            ends = {"x1": draw.num(frame.left(first)), "x2": draw.num(frame.right(last))}
            attrs = {**ends, "y1": y, "y2": y, **LINES["budget"], "data-line": "budget"}
            parts.append(draw.element("line", attrs))
    if budget is not None:
        label = f"Budget: {budget:,} units a month"
        # Above the line, or below it when the line runs along the top.
        y = scale.y(budget) - 6 if scale.y(budget) > draw.TOP + 20 else scale.y(budget) + 16
        parts.append(draw.text(frame.left(spend.first) + 6, y, label, fill=BUDGET))
    if forecast:
        parts.append(forecast_marks(spend, frame, scale))
    parts.append(frame.time_axis(RUNNING_HEIGHT))
    height = draw.TOP + RUNNING_HEIGHT + draw.BOTTOM
    title = "Spent each month so far" + (", against the monthly budget" if budget else "")
    return draw.svg("spend-running", height, title, running_desc(spend, budget), "".join(parts))


def month_spans(spend: Spend) -> list[tuple[date, date]]:
    """The axis's days cut into calendar months: (first, last) of each."""
    spans, day = [], spend.first
    while day <= spend.last:
        last = min(spend.last, month_end(day))
        spans.append((day, last))
        day = last + timedelta(days=1)
    return spans


def vertical(x: float, colour: str, dashes: str, height: float = RUNNING_HEIGHT) -> str:
    top, bottom = draw.num(draw.TOP), draw.num(draw.TOP + height)
    attrs = {"x1": draw.num(x), "x2": draw.num(x), "y1": top, "y2": bottom}
    return draw.element("line", {**attrs, "stroke": colour, "stroke-dasharray": dashes})


def polyline(points, scale, kind: str) -> str:
    written = " ".join(f"{draw.num(x)},{draw.num(scale.y(v))}" for x, v in points)
    attrs = {"points": written, "fill": "none", **LINES[kind], "data-line": kind}
    return draw.element("polyline", attrs)


def forecast_marks(spend: Spend, frame: Frame, scale) -> str:
    forecast = spend.forecast
    today_x, end_x = frame.right(forecast.today), frame.right(forecast.month_end)
    parts = [
        today_mark(today_x, RUNNING_HEIGHT),
        polyline([(today_x, forecast.so_far), (end_x, forecast.units)], scale, "forecast"),
    ]
    end_y = scale.y(forecast.units)
    label = f"Forecast: {units_words(forecast.units.quantize(Decimal('0.1')))} units"
    parts.append(draw.text(end_x - 4, end_y - 8, label, text_anchor="end", fill=draw.INK))
    return "".join(parts)


def today_mark(x: float, height: float) -> str:
    """Where today ends: the days after it wait for their videos."""
    label = draw.text(x - 4, draw.TOP - 8, "Today", text_anchor="end", fill=draw.INK)
    return vertical(x, draw.MUTED, "1 3", height) + label


def running_desc(spend: Spend, budget: int | None) -> str:
    totals = spend.running()
    words = []
    for first, last in month_spans(spend):
        days = [d for d in totals if first <= d <= last]
        if days:
            last_day = days[-1]
            by = draw.day_words(last_day)
            words.append(f"{first:%B %Y}: {cost_words(totals[last_day])} by {by}.")
    if budget is not None:
        words.append(f"The monthly budget is {budget:,} units.")
    if spend.forecast:
        words.append(forecast_words(spend.forecast, budget))
    return " ".join(words)


def forecast_words(forecast, budget: int | None) -> str:
    units = forecast.units.quantize(Decimal("0.1"))
    words = f"At this rate, {forecast.today:%B} ends at {cost_words(units)}"
    if budget is None:
        return words + "."
    if units > budget:
        return f"{words}: over the budget by {units_words(units - budget)} units."
    return f"{words}: within the budget."


def running_legend(spend: Spend, budget: int | None) -> str:
    kinds = [("running", "Spent this month so far (solid line)")]
    if budget is not None:
        kinds.append(("budget", "Monthly budget (long dashes)"))
    if spend.forecast:
        kinds.append(("forecast", "Forecast to the end of the month (dots)"))
    items = "".join(
        f"<li>{line_sample(kind)}<span>{escape(words)}</span></li>" for kind, words in kinds
    )
    return f'<ul class="chart-legend" aria-label="Lines">{items}</ul>'


def line_sample(kind: str) -> str:
    line = draw.element("line", {"x1": "0", "x2": "28", "y1": "9", "y2": "9", **LINES[kind]})
    attrs = {"class": "chart-legend__swatch", "viewBox": "0 0 28 18", "aria-hidden": "true"}
    return draw.element("svg", {**attrs, "width": "28", "height": "18"}, line)


# --- Words and the table -------------------------------------------------------


def notes(spend: Spend, budget: int | None, *, running: bool) -> list[str]:
    """The caption: how to read the bars, the lines and the money, and the
    forecast's rule; one paragraph each."""
    if spend.step == DAY:
        bars = ["Each bar is what Kling charged for the videos that finished that day."]
    else:
        bars = [
            "Each bar is what Kling charged for the videos that finished that week "
            "(weeks start on Monday; the first and last count only the period's days)."
        ]
    if len(spend.series) > 1:
        bars.append("Each project has a pattern of its own, named in the legend.")
    if OTHERS in spend.series:
        bars.append(f"The smallest projects are added up as “{OTHERS}”.")
    lines = []
    if running:
        lines.append(
            "The line adds up each month's spend from its 1st (days before the period "
            "count too), so it starts again on each 1st."
        )
    if running and budget is not None:
        lines.append("The budget line is the monthly budget as it is set now.")
    if spend.forecast:
        f = spend.forecast
        lines.append(
            f"Forecast: {FORECAST_RULE} ({units_words(f.so_far)} ÷ {f.days_gone} × "
            f"{f.days_in_month}). {forecast_words(f, budget)}"
        )
    price = price_per_unit()
    if price is None:
        other = ["No price per unit is set, so the chart shows units only."]
    elif price == 0:
        other = ["Practice mode: the videos cost nothing, so the chart shows units only."]
    else:
        other = [f"Money at {money(1)} a unit."]
    if spend.step != DAY:
        other.append(
            f"Pick {WEEKLY_AFTER_DAYS} days or fewer to see each day, the running total "
            "against the budget and the forecast."
        )
    return [" ".join(words) for words in (bars, lines, other) if words]


def row_words(spend: Spend, bucket: date) -> str:
    """ "Nov 27", "Week of Nov 24"; with the year when the axis spans years."""
    words = draw.day_words(bucket)
    if spend.first.year != spend.last.year:
        words = f"{words}, {bucket.year}"
    return words if spend.step == DAY else f"Week of {words}"


def table(spend: Spend) -> list[Row]:
    totals = spend.running()
    return [
        Row(
            label=row_words(spend, bucket),
            named=list(zip(spend.series, amounts, strict=True)),
            total=spend.total(bucket),
            so_far=totals.get(bucket),
        )
        for bucket, amounts in sorted(spend.amounts.items())
    ]
