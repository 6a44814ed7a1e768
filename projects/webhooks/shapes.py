"""The body a receiver gets, chosen by the webhook's host:

* a Slack incoming webhook (``hooks.slack.com``): Slack's ``{"text", "blocks"}``;
* Microsoft Teams, through a Workflows (Power Automate) webhook or a channel's
  incoming webhook (``*.logic.azure.com``, ``*.powerplatform.com``,
  ``*.powerautomate.com``, ``*.webhook.office.com``): a message with one
  Adaptive Card, which Microsoft documents as the current format (the old
  connectors' MessageCard is being retired);
* anything else: the generic document of ``payloads.py`` as it is.
"""

from projects.teams.names import one_line

from .addresses import host_of

SLACK = "slack"
TEAMS = "teams"
GENERIC = "generic"

KIND_NAMES = {SLACK: "Slack", TEAMS: "Microsoft Teams", GENERIC: "JSON"}

_SLACK_HOSTS = ("hooks.slack.com",)
_TEAMS_SUFFIXES = (
    ".webhook.office.com",
    ".logic.azure.com",
    ".powerplatform.com",
    ".powerautomate.com",
)


def kind_of(url: str) -> str:
    host = host_of(url)
    if host in _SLACK_HOSTS:
        return SLACK
    if any(host.endswith(suffix) or host == suffix[1:] for suffix in _TEAMS_SUFFIXES):
        return TEAMS
    return GENERIC


def body_for(kind: str, doc: dict) -> dict:
    if kind == SLACK:
        return slack_message(doc)
    if kind == TEAMS:
        return teams_message(doc)
    return doc


def _slack_escape(text: str) -> str:
    # Slack's mrkdwn: &, < and > are control characters, escaped as entities.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _linkable(render: dict | None) -> bool:
    # Without SITE_URL a video's address is a bare path: no link then.
    return bool(render) and render["url"].startswith(("https://", "http://"))


def _where(doc: dict) -> list[str]:
    parts = []
    if doc.get("project"):
        parts.append(one_line(doc["project"]["name"]))
    parts.append(one_line(doc["team"]["name"]))
    return parts


def slack_message(doc: dict) -> dict:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(doc["text"])}}]
    context = [_slack_escape(part) for part in _where(doc)]
    render = doc.get("render")
    if _linkable(render):
        title = _slack_escape(one_line(render["title"])).replace("|", "¦")
        context.insert(0, f"<{render['url']}|{title}>")
    blocks.append(
        {"type": "context", "elements": [{"type": "mrkdwn", "text": " · ".join(context)}]}
    )
    return {"text": doc["text"], "blocks": blocks}


def teams_message(doc: dict) -> dict:
    facts = [{"title": "Team", "value": one_line(doc["team"]["name"])}]
    if doc.get("project"):
        facts.insert(0, {"title": "Project", "value": one_line(doc["project"]["name"])})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": doc["text"], "wrap": True},
            {"type": "FactSet", "facts": facts},
        ],
    }
    render = doc.get("render")
    if _linkable(render):
        card["actions"] = [
            {
                "type": "Action.OpenUrl",
                "title": f"Open “{one_line(render['title'])}”",
                "url": render["url"],
            }
        ]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }
