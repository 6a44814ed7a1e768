"""The usage pages' forms: the period picker and the monthly budget."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from projects.models import MAX_MONTHLY_UNITS
from projects.usage.periods import DEFAULT_DAYS, EARLIEST, LATEST, Period, Preset


class PeriodForm(forms.Form):
    preset = forms.ChoiceField(choices=Preset.CHOICES, required=False, label="Period")
    start = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date like 2025-05-01."},
    )
    end = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end date like 2025-05-31."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for value in (start, end):
            # Far-off years would overflow the date arithmetic; nobody means them.
            if value and not EARLIEST <= value <= LATEST:
                raise forms.ValidationError(
                    f"Pick dates between {EARLIEST.year} and {LATEST.year}."
                )
        if start and end and start > end:
            raise forms.ValidationError("The start date is after the end date.")
        return cleaned


def period_from_query(data, *, today: date | None = None) -> tuple[Period, PeriodForm]:
    """The period a usage page asked for. Bad input falls back to the last 30
    days; the form carries the message to show."""
    today = today or timezone.localdate()
    form = PeriodForm(data)
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if start or end:
            end = end or max(today, start)
            start = start or end - timedelta(days=DEFAULT_DAYS - 1)
            return Period(start, end), form
        return Period.of(form.cleaned_data["preset"], today), form
    return Period.of(Preset.LAST_30, today), form


class BudgetForm(forms.Form):
    """A monthly budget in whole units; empty means none."""

    monthly_units = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_MONTHLY_UNITS,
        label="Monthly budget, in units",
        help_text="Leave it empty for no budget.",
        error_messages={
            "invalid": "Enter the budget as a whole number of units, like 500.",
            "min_value": "A budget cannot be below 0 units.",
            "max_value": f"A budget can be at most {MAX_MONTHLY_UNITS:,} units.",
        },
    )
