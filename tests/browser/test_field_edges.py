"""What axe-core does not measure: the edge of a text field against what is
around it (WCAG 1.4.11, non-text contrast, at least 3:1), so that people see
where to type. Measured in a real Chromium from the computed colours."""

import pytest

from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each visible field's border colour and the colour behind it (the nearest
# ancestor with a background).
EDGES = """() => [...document.querySelectorAll(
    "input[type=text], input[type=email], input[type=password], input[type=search],"
    + " input[type=url], input[type=number], input[type=date], textarea, select")]
    .filter(el => el.checkVisibility() && el.getBoundingClientRect().width > 1)
    .map(el => {
        let up = el.parentElement;
        while (up && getComputedStyle(up).backgroundColor === "rgba(0, 0, 0, 0)") {
            up = up.parentElement;
        }
        return {
            name: el.name || el.id,
            edge: getComputedStyle(el).borderTopColor,
            behind: up ? getComputedStyle(up).backgroundColor : "rgb(255, 255, 255)",
        };
    })"""


def luminance(rgb):
    parts = [int(p) / 255 for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_measured_as_wcag_says():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(201, 199, 218)", "rgb(255, 255, 255)"), 2) == 1.66


def test_every_text_field_has_an_edge_people_can_see(live_server, new_page, alice, team, project):
    base = live_server.url
    page = new_page(1280, 900)
    page.goto(f"{base}/accounts/signup/")
    fields = page.evaluate(EDGES)
    log_in(page, base, "alice@example.org", PASSWORD)
    for path in [
        f"/projects/{project.code}/",
        f"/teams/{team.code}/library/",
        f"/teams/{team.code}/usage/",
        f"/projects/{project.code}/shares/new/",
    ]:
        page.goto(f"{base}{path}")
        fields += page.evaluate(EDGES)
    assert len(fields) >= 8
    faint = [f for f in fields if contrast(f["edge"], f["behind"]) < 3]
    assert faint == []
