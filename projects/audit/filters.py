"""The audit page's filters: person, project, kind (one, or a group) and a
date range, read from the query string. A value that does not fit (an old
link, a hand-typed address) is ignored rather than refused, as the library's
filters are: the page then shows more, never an error."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.http import urlencode

from projects.audit.log import actor_label
from projects.models import AuditEntry, AuditKind

# The kind filter's groups, in the order a person thinks of them: a group is
# chosen by its key, a single kind by its value.
GROUPS = {
    "uploads": ("Uploads and consent", ("asset.", "consent.")),
    "videos": ("Videos", ("render.", "captions.")),
    "reviews": ("Reviews, comments and client feedback", ("review.", "comment.", "client.")),
    "links": ("Share links", ("link.",)),
    "projects": ("Projects", ("project.",)),
    "people": ("People and roles", ("member.",)),
    "settings": ("Team, budgets and webhooks", ("team.", "budget.", "webhook.")),
}


def group_kinds(key: str) -> list[str]:
    prefixes = GROUPS[key][1]
    return [kind for kind in AuditKind.values if kind.startswith(prefixes)]


def kind_choices():
    choices = [("", "Any kind")]
    for key, (label, _) in GROUPS.items():
        kinds = [(key, f"All: {label.lower()}")] + [
            (kind, AuditKind(kind).label) for kind in group_kinds(key)
        ]
        choices.append((label, kinds))
    return choices


class AuditFilterForm(forms.Form):
    person = forms.ChoiceField(label="Who", required=False)
    project = forms.ChoiceField(label="Project", required=False)
    kind = forms.ChoiceField(label="What", required=False)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *, team):
        super().__init__(data)
        self.team = team
        members = list(team.memberships.select_related("user").order_by("user__first_name"))
        self.members = {str(m.code): m.user for m in members}
        past = (
            AuditEntry.objects.filter(team=team)
            .exclude(actor__in=[m.user_id for m in members])
            .order_by("actor_name")
            .values_list("actor_name", flat=True)
            .distinct()
        )
        self.fields["person"].choices = [
            ("", "Anyone"),
            ("Members", [(code, actor_label(user)) for code, user in self.members.items()]),
            ("Others (clients, past members, operators)", [(name, name) for name in past]),
        ]
        projects = team.projects.order_by("name").values_list("code", "name")
        self.fields["project"].choices = [("", "Any project")] + [
            (str(code), name) for code, name in projects
        ]
        self.fields["kind"].choices = kind_choices()

    @property
    def active(self) -> dict:
        """The filters in use that are valid, as they go back into a link."""
        self.is_valid()  # Fills cleaned_data with the fields that are valid.
        return {key: value for key, value in self.cleaned_data.items() if value}

    def apply(self, entries):
        data = self.active
        person = data.get("person")
        if person in self.members:
            entries = entries.filter(actor=self.members[person])
        elif person:
            entries = entries.filter(actor_name=person)
        if "project" in data:
            entries = entries.filter(project__code=data["project"])
        kind = data.get("kind")
        if kind in GROUPS:
            entries = entries.filter(kind__in=group_kinds(kind))
        elif kind:
            entries = entries.filter(kind=kind)
        zone = timezone.get_current_timezone()
        if "since" in data:
            entries = entries.filter(created__gte=datetime.combine(data["since"], time(), zone))
        if "until" in data:
            end = datetime.combine(data["until"] + timedelta(days=1), time(), zone)
            entries = entries.filter(created__lt=end)
        return entries

    def query(self, **changes) -> str:
        data = {**self.active, **changes}
        return urlencode({k: str(v) for k, v in data.items() if v})


def entries_of(team):
    return AuditEntry.objects.filter(team=team).select_related("project")
