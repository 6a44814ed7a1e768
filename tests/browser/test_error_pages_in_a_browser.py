"""The error pages in a real browser: styled, and "Go back" returns to the
page before (static/js/errors.js), at desktop and phone widths."""

import pytest

from tests.foundation import test_error_pages

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = test_error_pages.__name__


def test_the_404_page_is_styled_and_goes_back(failing_site, live_server, new_page, shot):
    page = new_page(1280, 800)
    page.goto(f"{live_server.url}/accounts/login/")
    # Followed from a page of the site (a link, not a typed address).
    page.evaluate("location.assign('/no-such-page/')")
    page.wait_for_url(f"{live_server.url}/no-such-page/")
    assert page.get_by_role("heading", name="We cannot find that page").is_visible()
    # The stylesheet applies: the primary button has the brand colour.
    home = page.get_by_role("link", name="Go to your projects")
    assert home.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(91, 76, 219)"
    shot(page, "error-404-1280")
    page.get_by_role("button", name="Go back").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")


def test_the_500_page_fits_a_phone(failing_site, live_server, new_page, shot):
    page = new_page(390, 844)
    page.goto(f"{live_server.url}/boom/")
    assert page.get_by_role("heading", name="Something went wrong on our side").is_visible()
    # Nothing to go back to in a fresh tab: no button that would do nothing.
    assert not page.get_by_role("button", name="Go back").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(page, "error-500-390")
