"""Units into money: PRICE_PER_UNIT and CURRENCY, and nothing to pay with the sandbox."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from projects.usage import money


@pytest.fixture
def with_kling(settings):
    settings.KLING_USES_SANDBOX = False
    return settings


def test_with_a_price_units_read_as_money(with_kling):
    with_kling.PRICE_PER_UNIT = "0.25"
    with_kling.CURRENCY = "EUR"
    assert money.money(Decimal("12.4")) == "€3.10"
    assert money.cost_words(Decimal("12.400")) == "12.4 units (≈ €3.10)"


def test_a_currency_without_a_symbol_follows_the_amount(with_kling):
    with_kling.PRICE_PER_UNIT = "1.5"
    with_kling.CURRENCY = "CHF"
    assert money.money(1000) == "1,500.00 CHF"


def test_without_a_price_only_units_are_shown(with_kling):
    with_kling.PRICE_PER_UNIT = ""
    assert money.money(5) == ""
    assert money.cost_words(5) == "5 units"
    assert money.browser_prices()["pricePerUnit"] is None


def test_the_sandbox_costs_nothing_whatever_the_price(settings):
    settings.KLING_USES_SANDBOX = True
    settings.PRICE_PER_UNIT = "0.25"
    assert money.money(40) == "€0.00"
    assert money.browser_prices() == {
        "pricePerUnit": 0.0,
        "currency": "EUR",
        "currencySymbol": "€",
        "practiceMode": True,
    }


@pytest.mark.parametrize("price", ["cheap", "-1", "NaN"])
def test_a_price_that_is_not_a_positive_number_is_a_configuration_error(with_kling, price):
    with_kling.PRICE_PER_UNIT = price
    with pytest.raises(ImproperlyConfigured):
        money.price_per_unit()
