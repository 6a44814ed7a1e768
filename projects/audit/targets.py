"""Links from audit entries to what they were done to, while it exists.

An entry keeps its target in words and a code; the page links the code back
only when the thing is still there, in the team, and open to the owners who
read the trail. One query per kind of thing on the page, however many rows."""

import uuid

from django.urls import reverse

from projects.models import Asset, Membership, Project, Render, ShareLink, Webhook

# What an entry's code names, by the first word of its kind.
_MODELS = {
    "asset": Asset,
    "render": Render,
    "review": Render,
    "comment": Render,
    "client": Render,
    "captions": Render,
    "link": ShareLink,
    "project": Project,
    "budget": Project,
    "member": Membership,
    "webhook": Webhook,
}


def _url(model, obj, team) -> str:
    if model is Asset:
        return "" if obj.deleted_at else obj.get_absolute_url()
    if model is ShareLink:
        return reverse("share_detail", args=[obj.code])
    if model is Membership:
        return reverse("team_members", args=[team.code])
    if model is Webhook:
        return reverse("webhook_detail", args=[team.code, obj.code])
    return obj.get_absolute_url()


def _in_team(model, team):
    return {"project__team": team} if model in (Render, ShareLink) else {"team": team}


def target_links(entries, team) -> dict[int, str]:
    """{entry id: the address of its target} for the entries whose target still exists."""
    wanted: dict[type, set[str]] = {}
    for entry in entries:
        model = _MODELS.get(entry.kind.split(".")[0])
        if model is not None and entry.target_code:
            wanted.setdefault(model, set()).add(entry.target_code)
    found: dict[tuple[type, str], str] = {}
    for model, codes in wanted.items():
        rows = model.objects.filter(code__in=_valid(codes), **_in_team(model, team))
        for obj in rows:
            found[model, str(obj.code)] = _url(model, obj, team)
    links = {}
    for entry in entries:
        model = _MODELS.get(entry.kind.split(".")[0])
        url = found.get((model, entry.target_code))
        if url:
            links[entry.pk] = url
    return links


def _valid(codes):
    """The codes that are UUIDs (a budget's entry may name the team instead)."""
    valid = []
    for code in codes:
        try:
            valid.append(uuid.UUID(code))
        except ValueError:
            continue
    return valid
