"""The pieces tests/url_table.py is written with: who visits (the kinds of
visitor), what they get (statuses), and how a case is built."""

from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
OUTSIDER = "outsider"
VIEWER = "viewer"
EDITOR = "editor"
OWNER = "owner"
LINK = "valid share link"
EXPIRED = "expired link"
REVOKED = "revoked link"
PRINCIPALS = [ANONYMOUS, OUTSIDER, VIEWER, EDITOR, OWNER, LINK, EXPIRED, REVOKED]
LINK_HOLDERS = {LINK, EXPIRED, REVOKED}
USERS = [OUTSIDER, VIEWER, EDITOR, OWNER]

LOGIN = 302  # sent to the login page (checked: the Location is the login page)
MOVED = 302  # done, and sent on to another page
SEE_OTHER = 303  # a share link's form done, and back to the room


def app(*, outsider=404, viewer, editor, owner):
    """A page of the app: only for the team's members; everyone else logs in."""
    statuses = dict.fromkeys([ANONYMOUS, *LINK_HOLDERS], LOGIN)
    return statuses | {OUTSIDER: outsider, VIEWER: viewer, EDITOR: editor, OWNER: owner}


def members(status=200):
    return app(viewer=status, editor=status, owner=status)


def editors(status):
    return app(viewer=403, editor=status, owner=status)


def owners(status):
    return app(viewer=403, editor=403, owner=status)


def everyone(status):
    return dict.fromkeys(PRINCIPALS, status)


def shared(status=200):
    """A share link's page or media: anyone with an active link; a link that
    expired or was turned off opens nothing."""
    return everyone(status) | {EXPIRED: 404, REVOKED: 404}


@dataclass
class Case:
    url: object  # (world, token) -> path
    expected: dict
    method: str = "GET"
    data: dict = field(default_factory=dict)


def get(url, expected):
    return Case(url, expected)


def post(url, expected, data=None):
    return Case(url, expected, "POST", data or {})


def media(which, query=""):
    return lambda w, t: f"/s/{t}/renders/{w.render.code}/{which}/{query}"


def answer(what, foreign=False):
    """A client's comment or review on the world's render (or another team's)."""
    return lambda w, t: f"/s/{t}/videos/{(w.foreign_render if foreign else w.render).code}/{what}/"
