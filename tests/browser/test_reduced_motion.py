"""Reduced motion respected (issue #16, WCAG 2.3.3): with the system setting
on, nothing on the pages animates or slides."""

import pytest

from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARD_STYLE = """(() => {
  const s = getComputedStyle(document.querySelector('.project-card'));
  return s.transitionDuration;
})()"""


def test_cards_stop_moving_when_the_system_asks_for_less_motion(
    live_server, new_page, alice, project
):
    page = new_page()
    log_in(page, live_server.url, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/")
    assert "0.12s" in page.evaluate(CARD_STYLE)
    page.emulate_media(reduced_motion="reduce")
    durations = page.evaluate(CARD_STYLE).split(", ")
    assert all(float(d.rstrip("s")) < 0.001 for d in durations), durations
