"""Units into money: ``PRICE_PER_UNIT`` and ``CURRENCY`` from the settings.

Kling charges in units; what a unit costs depends on the company's resource
pack, so the price is a setting. With none set, pages show units only. With
the sandbox, every video costs nothing, and pages say so.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from projects.wording import units as units_words

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CNY": "¥"}
PRACTICE_NOTE = "Practice mode: the built-in sandbox makes these videos, and they cost nothing."


def price_per_unit() -> Decimal | None:
    """Money per unit, 0 with the sandbox, None when no price is set."""
    if settings.KLING_USES_SANDBOX:
        return Decimal(0)
    raw = str(settings.PRICE_PER_UNIT or "").strip()
    if not raw:
        return None
    try:
        price = Decimal(raw)
    except InvalidOperation:
        raise ImproperlyConfigured(f"PRICE_PER_UNIT must be a number, not {raw!r}.") from None
    if not price.is_finite() or price < 0:
        raise ImproperlyConfigured("PRICE_PER_UNIT must be zero or more.")
    return price


def amount_words(amount: Decimal) -> str:
    """ "€12.40", "12.40 CHF": a sum of money in the configured currency."""
    currency = settings.CURRENCY
    value = f"{amount.quantize(Decimal('0.01')):,f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{value}" if symbol else f"{value} {currency}"


def money(units) -> str:
    """What ``units`` cost in money, e.g. "€12.40"; "" without a price."""
    price = price_per_unit()
    if price is None or units is None:
        return ""
    try:
        return amount_words(Decimal(units) * price)
    except (InvalidOperation, TypeError, ValueError):
        return ""


def cost_words(units) -> str:
    """Units and, when known, money: "12.4 units (≈ €3.10)"."""
    words = f"{units_words(units)} units"
    amount = money(units)
    return f"{words} (≈ {amount})" if amount else words


def browser_prices() -> dict:
    """What the page's scripts need to show money beside units."""
    price = price_per_unit()
    return {
        "pricePerUnit": float(price) if price is not None else None,
        "currency": settings.CURRENCY,
        "currencySymbol": SYMBOLS.get(settings.CURRENCY, ""),
        "practiceMode": bool(settings.KLING_USES_SANDBOX),
    }
