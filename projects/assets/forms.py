"""The library's forms: renaming and tagging an asset, and the list's filters."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import urlencode

from projects.models import AssetKind
from projects.teams.names import has_control_characters, refuse_control_characters

MAX_TAGS = 12
MAX_TAG_CHARS = 30
MAX_LABEL_CHARS = 200
MAX_SEARCH_CHARS = 100
# Tags are typed as free words, separated by commas or spaces: "ceo, French spring".
_TAG_SEPARATORS = re.compile(r"[\s,]+")


def parse_tags(text: str) -> list[str]:
    """The tags in `text`, lower case, each once, in the order typed.

    Raises ValidationError with a sentence for the person when one is too
    long, or when there are too many.
    """
    tags = []
    for word in _TAG_SEPARATORS.split(text):
        tag = word.lstrip("#").casefold()
        if not tag or tag in tags:
            continue
        if has_control_characters(tag):
            raise ValidationError("A tag is a plain word: remove the invisible characters.")
        if len(tag) > MAX_TAG_CHARS:
            raise ValidationError(
                f"The tag “{tag[:MAX_TAG_CHARS]}…” is longer than {MAX_TAG_CHARS} characters;"
                " a tag is one short word."
            )
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(f"That is {len(tags)} tags; an upload can have at most {MAX_TAGS}.")
    return tags


class AssetEditForm(forms.Form):
    """Rename an asset and set its tags: both are checked before either changes."""

    label = forms.CharField(
        label="Name",
        max_length=MAX_LABEL_CHARS,
        validators=[refuse_control_characters],
        error_messages={
            "required": "Give it a name.",
            "max_length": f"A name can be at most {MAX_LABEL_CHARS} characters.",
        },
    )
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=MAX_TAGS * (MAX_TAG_CHARS + 2),
        help_text="Words separated by commas or spaces, e.g. ceo, french.",
        error_messages={"max_length": f"An upload can have at most {MAX_TAGS} short tags."},
    )

    def clean_tags(self):
        return " ".join(parse_tags(self.cleaned_data["tags"]))

    def first_error(self) -> str:
        """The first problem, as one sentence for a message."""
        for errors in self.errors.values():
            return errors[0]
        return ""


KIND_CHOICES = [("", "Any kind"), *AssetKind.choices]
SHOW_CHOICES = [("", "In the library"), ("removed", "Removed")]


class LibraryFilterForm(forms.Form):
    """The library's filters, read from the query string. A value that does
    not fit (an old link, a hand-typed address) is ignored rather than
    refused: the library then shows more, never an error."""

    q = forms.CharField(label="Search names and tags", required=False, max_length=MAX_SEARCH_CHARS)
    kind = forms.ChoiceField(label="Kind", required=False, choices=KIND_CHOICES)
    tag = forms.CharField(required=False, max_length=MAX_TAG_CHARS)
    show = forms.ChoiceField(label="Show", required=False, choices=SHOW_CHOICES)

    @property
    def active(self) -> dict:
        """The filters in use that are valid, as they go back into a link."""
        self.is_valid()  # Fills cleaned_data with the fields that are valid.
        data = {k: v.strip() for k, v in self.cleaned_data.items() if v and v.strip()}
        if "tag" in data:
            data["tag"] = data["tag"].lstrip("#").casefold()
            if not data["tag"] or has_control_characters(data["tag"]):
                del data["tag"]
        if "q" in data and has_control_characters(data["q"]):
            del data["q"]
        return data

    def apply(self, assets):
        data = self.active
        assets = assets.removed() if data.get("show") == "removed" else assets.alive()
        if "kind" in data:
            assets = assets.filter(kind=data["kind"])
        if "tag" in data:
            assets = assets.tagged(data["tag"])
        if "q" in data:
            assets = assets.search(data["q"])
        return assets

    def query(self, **changes) -> str:
        """The query string of these filters, with `changes` (None removes one)."""
        data = {**self.active, **changes}
        return urlencode({k: v for k, v in data.items() if v})
