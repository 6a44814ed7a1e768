"""The usage chart, drawn from sums already made: bars in proportion, the
budget line and the forecast where they belong, patterns and labels that
do not depend on colour, and names for screen readers."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from projects.usage.chart import spend_chart
from projects.usage.chart_svg import BOTTOM, LEFT, RIGHT, TOP, WIDTH, scale_for
from projects.usage.periods import Period
from projects.usage.spend import DAY, OTHERS, WEEK, build

SVG = "{http://www.w3.org/2000/svg}"
MAY = Period(date(2025, 5, 1), date(2025, 5, 31))
AFTER_MAY = date(2025, 7, 1)


def row(day, units, project=1, name="Spring campaign"):
    return {
        "bucket": day,
        "project_id": project,
        "project__name": name,
        "units_charged": Decimal(units),
    }


def chart_of(rows, period=MAY, today=AFTER_MAY, budget=None, step=DAY):
    return spend_chart(build(rows, step=step, period=period, today=today), budget=budget)


def parse(svg):
    return ET.fromstring(str(svg))


def bars(svg):
    return [r for r in parse(svg).iter(f"{SVG}rect") if r.get("data-bucket")]


def floats(element, *names):
    return [float(element.get(name)) for name in names]


def baseline(svg):
    """The y of 0 units: where the bars stand."""
    root = parse(svg)
    height = float(root.get("viewBox").split()[3])
    return height - BOTTOM


def line_y(svg, kind):
    points = next(p for p in parse(svg).iter(f"{SVG}polyline") if p.get("data-line") == kind)
    return [tuple(map(float, pair.split(","))) for pair in points.get("points").split()]


def budget_lines(svg):
    return [ln for ln in parse(svg).iter(f"{SVG}line") if ln.get("data-line") == "budget"]


@pytest.fixture(autouse=True)
def _sandbox_prices(settings):
    settings.KLING_USES_SANDBOX = True


def test_no_chart_without_a_done_video():
    assert chart_of([]) is None


def test_bars_are_as_tall_as_their_units():
    chart = chart_of([row(date(2025, 5, 3), "1.5"), row(date(2025, 5, 9), "3")])
    small, big = bars(chart.bars)
    (y1, h1), (y2, h2) = floats(small, "y", "height"), floats(big, "y", "height")
    assert h2 == pytest.approx(2 * h1, abs=0.2)
    # Both stand on the base line.
    assert y1 + h1 == pytest.approx(baseline(chart.bars), abs=0.2)
    assert y2 + h2 == pytest.approx(baseline(chart.bars), abs=0.2)
    # May 9 is six days to the right of May 3.
    band = (WIDTH - RIGHT - LEFT) / 31
    assert float(big.get("x")) - float(small.get("x")) == pytest.approx(6 * band, abs=0.2)


def test_projects_are_stacked_in_one_bar_biggest_at_the_bottom():
    chart = chart_of(
        [
            row(date(2025, 5, 3), "1", project=2, name="Autumn"),
            row(date(2025, 5, 3), "3", project=1),
            row(date(2025, 5, 4), "1", project=1),
        ]
    )
    assert chart.series == ["Spring campaign", "Autumn"]
    lower, upper, _ = bars(chart.bars)
    assert (lower.get("data-series"), upper.get("data-series")) == ("0", "1")
    assert float(lower.get("height")) == pytest.approx(3 * float(upper.get("height")), abs=0.2)
    assert float(upper.get("y")) + float(upper.get("height")) == pytest.approx(
        float(lower.get("y")), abs=0.2
    )


def test_every_project_has_a_pattern_of_its_own_and_a_named_legend():
    rows = [row(date(2025, 5, 2), str(i + 1), project=i, name=f"Project {i}") for i in range(3)]
    chart = chart_of(rows)
    patterns = {p.get("id"): p.get("data-pattern") for p in parse(chart.bars).iter(f"{SVG}pattern")}
    assert len(set(patterns.values())) == 3
    fills = {r.get("fill") for r in bars(chart.bars)}
    assert fills == {f"url(#{pid})" for pid in patterns}
    legend = str(chart.legend)
    for pid, name in zip(patterns, ["Project 2", "Project 1", "Project 0"], strict=True):
        assert f"url(#{pid})" in legend and name in legend
    assert "(dots)" in legend  # the pattern in words, for whoever cannot see it


def test_beyond_six_projects_the_smallest_are_added_up():
    rows = [row(date(2025, 5, 2), str(10 - i), project=i, name=f"P{i}") for i in range(8)]
    chart = chart_of(rows)
    assert chart.series == ["P0", "P1", "P2", "P3", "P4", OTHERS]
    assert chart.rows[0].named[-1] == (OTHERS, Decimal(5 + 4 + 3))


def test_the_pictures_are_named_and_described_for_screen_readers():
    chart = chart_of(
        [row(date(2025, 5, 3), "2"), row(date(2025, 5, 9), "4.5", project=2, name="Autumn")],
        budget=100,
    )
    for svg in (chart.bars, chart.running):
        root = parse(svg)
        assert root.get("role") == "img"
        ids = root.get("aria-labelledby").split()
        named = {e.get("id"): (e.text or "") for e in root if e.get("id") in ids}
        assert set(named) == set(ids) and all(named.values())
    title = parse(chart.bars).find(f"{SVG}title").text
    assert title == "Units charged each day, by project, May 2025"
    desc = parse(chart.bars).find(f"{SVG}desc").text
    assert "6.5 units" in desc and "Most in one day: 4.5 units" in desc and "Autumn" in desc


def test_the_axes_are_labelled_in_units_and_with_a_price_in_money(settings):
    chart = chart_of([row(date(2025, 5, 3), "8")])
    words = [t.text for t in parse(chart.bars).iter(f"{SVG}text")]
    assert "Units a day" in words and "0" in words and "May 1" in words
    assert "Money" not in words  # practice mode: money would read 0 everywhere
    settings.KLING_USES_SANDBOX = False
    settings.PRICE_PER_UNIT = "0.25"
    chart = chart_of([row(date(2025, 5, 3), "8")])
    words = [t.text for t in parse(chart.bars).iter(f"{SVG}text")]
    assert "Money" in words and "€2.00" in words and "2" in words
    assert chart.with_money
    assert "Money at €0.25 a unit." in chart.notes[-1]


def test_the_budget_line_is_at_the_budgets_height():
    # 10 units by May 31: the month's line ends exactly on a budget of 10.
    chart = chart_of([row(date(2025, 5, 3), "4"), row(date(2025, 5, 20), "6")], budget=10)
    line = budget_lines(chart.running)
    assert len(line) == 1
    assert float(line[0].get("y1")) == pytest.approx(line_y(chart.running, "running")[-1][1])
    # A budget of 20 is twice as high above the base line.
    higher = chart_of([row(date(2025, 5, 3), "10")], budget=20)
    zero = baseline(higher.running)
    budget_y = float(budget_lines(higher.running)[0].get("y1"))
    spent_y = line_y(higher.running, "running")[-1][1]
    assert zero - budget_y == pytest.approx(2 * (zero - spent_y), abs=0.2)


def test_the_budget_line_is_drawn_in_each_month_and_the_total_starts_again():
    period = Period(date(2025, 4, 20), date(2025, 5, 10))
    rows = [
        row(date(2025, 4, 2), "5"),  # before the period: still April's spend
        row(date(2025, 4, 25), "3"),
        row(date(2025, 5, 2), "2"),
    ]
    chart = chart_of(rows, period=period, budget=50)
    assert len(budget_lines(chart.running)) == 2
    desc = parse(chart.running).find(f"{SVG}desc").text
    assert "April 2025: 8 units" in desc and "May 2025: 2 units" in desc
    assert [(r.label, r.so_far) for r in chart.rows] == [
        ("Apr 25", Decimal(8)),
        ("May 2", Decimal(2)),
    ]


def test_the_forecast_runs_to_the_end_of_the_month_at_the_rate_so_far():
    period = Period(date(2025, 5, 1), date(2025, 5, 10))
    rows = [row(date(2025, 5, 2), "5"), row(date(2025, 5, 10), "10")]
    chart = chart_of(rows, period=period, today=date(2025, 5, 10), budget=93)
    # 15 units in 10 days of 31: 46.5 by May 31, half the budget of 93.
    (today_x, so_far_y), (end_x, end_y) = line_y(chart.running, "forecast")
    assert end_x == pytest.approx(WIDTH - RIGHT)
    zero = baseline(chart.running)
    budget_y = float(budget_lines(chart.running)[0].get("y1"))
    assert zero - end_y == pytest.approx((zero - budget_y) / 2, abs=0.2)
    assert so_far_y == pytest.approx(line_y(chart.running, "running")[-1][1])
    words = " ".join(chart.notes)
    assert "divided by the days gone (today included)" in words
    assert "(15 ÷ 10 × 31)" in words and "May ends at 46.5 units" in words
    assert "within the budget" in words
    over = chart_of(rows, period=period, today=date(2025, 5, 10), budget=40)
    assert "over the budget by 6.5 units" in " ".join(over.notes)


def test_no_forecast_for_a_period_that_is_over():
    chart = chart_of([row(date(2025, 5, 2), "5")], budget=None)
    assert chart.running == ""
    assert "Forecast" not in " ".join(chart.notes)


def test_without_a_budget_this_month_still_gets_its_forecast():
    period = Period(date(2025, 5, 1), date(2025, 5, 10))
    chart = chart_of([row(date(2025, 5, 2), "5")], period=period, today=date(2025, 5, 10))
    assert budget_lines(chart.running) == []
    assert line_y(chart.running, "forecast")
    assert "Monthly budget" not in str(chart.running_legend)


def test_long_periods_have_a_bar_a_week_and_no_running_total():
    period = Period(date(2025, 3, 1), date(2025, 5, 31))
    assert period.days > 62
    rows = [row(date(2025, 2, 24), "2"), row(date(2025, 5, 26), "3")]
    chart = chart_of(rows, period=period, step=WEEK, budget=100)
    assert chart.step == WEEK and chart.running == ""
    assert [r.get("data-bucket") for r in bars(chart.bars)] == ["2025-02-24", "2025-05-26"]
    assert [r.label for r in chart.rows] == ["Week of Feb 24", "Week of May 26"]
    assert "Pick 62 days or fewer" in chart.notes[-1]


def test_names_are_escaped_and_the_pictures_are_well_formed():
    chart = chart_of([row(date(2025, 5, 3), "1", name='<b>"Fish" & chips</b>')])
    parse(chart.bars)
    assert "<b>" not in str(chart.bars) and "<b>" not in str(chart.legend)
    assert "&lt;b&gt;&quot;Fish&quot; &amp; chips&lt;/b&gt;" in str(chart.legend)


@pytest.mark.parametrize(
    ("highest", "ticks"),
    [
        (Decimal("8"), ["0", "2", "4", "6", "8"]),
        (Decimal("9.1"), ["0", "2.5", "5", "7.5", "10"]),
        (Decimal("86"), ["0", "25", "50", "75", "100"]),
        (Decimal("0.7"), ["0", "0.2", "0.4", "0.6", "0.8"]),
        (Decimal("0"), ["0", "0.25", "0.5", "0.75", "1"]),
    ],
)
def test_the_value_axis_has_round_steps(highest, ticks):
    scale = scale_for(highest, 100)
    assert [f"{t.normalize():f}" for t in scale.ticks] == ticks
    assert scale.y(scale.top) == TOP
