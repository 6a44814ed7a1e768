"""Every named URL of the app, how to build it, and who may open it (the
world the URLs are built in is tests/url_world.py).

One entry per named URL of ``projects.urls`` (the share and review URLs it
includes too). tests/test_authorization.py checks every visitor against the
expected statuses; tests/security/test_fuzzed_parameters.py sends every URL
random parameters.

Visitors: anonymous, an outsider (member of another team), a viewer, an
editor and an owner of the team, and anonymous people holding a valid, an
expired or a revoked share link. Share links open only /s/<token>/ pages;
inside the app their holders are anonymous. For /s/ URLs, everyone who is
not one of the three link holders uses the valid link.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

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


TABLE = {
    # Everyone's own notices: nothing of anybody else's.
    "notices_read": [post(lambda w, t: "/notices/read/", members(MOVED) | {OUTSIDER: MOVED})],
    # Projects
    "project_list": [get(lambda w, t: "/", members() | {OUTSIDER: 200})],
    "project_create": [get(lambda w, t: f"/teams/{w.team.code}/projects/new/", editors(200))],
    "project_detail": [get(lambda w, t: f"/projects/{w.project.code}/", members())],
    "project_edit": [get(lambda w, t: f"/projects/{w.project.code}/edit/", editors(200))],
    "project_archive": [post(lambda w, t: f"/projects/{w.project.code}/archive/", editors(MOVED))],
    # The campaign grid (anyone in the team sees it; editors make its cells), sheet
    # imports and an empty project's sample video (editors)
    "project_grid": [get(lambda w, t: f"/projects/{w.project.code}/grid/", members())],
    "project_grid_make": [
        post(lambda w, t: f"/projects/{w.project.code}/grid/make/", editors(200))
    ],
    "project_import": [
        get(lambda w, t: f"/projects/{w.project.code}/import/", editors(200)),
        post(lambda w, t: f"/projects/{w.project.code}/import/", editors(200)),
    ],
    "project_import_queue": [
        post(lambda w, t: f"/projects/{w.project.code}/import/queue/", editors(200))
    ],
    "project_try": [
        get(lambda w, t: f"/projects/{w.project.code}/try/", editors(200)),
        # The world's project has videos already: told so, and sent back.
        post(lambda w, t: f"/projects/{w.project.code}/try/", editors(MOVED)),
    ],
    # Uploads and their files
    "asset_upload": [post(lambda w, t: f"/projects/{w.project.code}/upload/", editors(MOVED))],
    "asset_file": [
        get(lambda w, t: f"/assets/{w.portrait.code}/file/", members()),
        get(lambda w, t: f"/assets/{w.portrait.code}/file/?download=1", members()),
    ],
    "asset_delete": [post(lambda w, t: f"/assets/{w.portrait.code}/delete/", editors(MOVED))],
    # The team's library: members look, editors rename, tag and remove.
    "asset_library": [get(lambda w, t: f"/teams/{w.team.code}/library/", members())],
    "asset_edit": [
        post(
            lambda w, t: f"/assets/{w.portrait.code}/edit/",
            editors(MOVED),
            {"label": "Our CEO", "tags": "ceo, spring"},
        )
    ],
    # Renders and their media
    # An empty form: the project page again, with what to fill in (400).
    "render_create": [post(lambda w, t: f"/projects/{w.project.code}/renders/new/", editors(400))],
    "render_status": [get(lambda w, t: f"/projects/{w.project.code}/renders.json", members())],
    "render_detail": [get(lambda w, t: f"/renders/{w.render.code}/", members())],
    "render_rename": [
        post(lambda w, t: f"/renders/{w.render.code}/rename/", editors(MOVED), {"title": "Offer"})
    ],
    "render_cancel": [post(lambda w, t: f"/renders/{w.render.code}/cancel/", editors(MOVED))],
    "render_retry": [post(lambda w, t: f"/renders/{w.render.code}/retry/", editors(MOVED))],
    # Sending a video that waits over budget spends the team's money: owners.
    "render_release": [post(lambda w, t: f"/renders/{w.render.code}/release/", owners(MOVED))],
    "render_again": [
        post(lambda w, t: f"/renders/{w.render.code}/again/", editors(MOVED), {"mode": "std"})
    ],
    "render_media": [
        get(lambda w, t: f"/renders/{w.render.code}/video/", members()),
        get(lambda w, t: f"/renders/{w.render.code}/video/?download=1", members()),
        get(lambda w, t: f"/renders/{w.render.code}/watermarked/", members()),
        get(lambda w, t: f"/renders/{w.render.code}/poster/", members()),
        get(lambda w, t: f"/renders/{w.render.code}/portrait/", members(404)),
    ],
    # Kling's hint that a task changed: a per-render secret, never a login.
    "kling_callback": [
        post(lambda w, t: f"/kling/callback/{w.render.code}/{'0' * 64}/", everyone(404))
    ],
    # Teams and members
    "team_list": [get(lambda w, t: "/teams/", members() | {OUTSIDER: 200})],
    "team_switch": [post(lambda w, t: f"/teams/{w.team.code}/switch/", members(MOVED))],
    "team_members": [
        get(lambda w, t: f"/teams/{w.team.code}/members/", members()),
        # Nobody adds people directly: they join by accepting an invitation.
        post(
            lambda w, t: f"/teams/{w.team.code}/members/",
            everyone(405),
            {"email": "charlie@example.org", "role": "viewer"},
        ),
    ],
    # Anyone in a team may leave it (the last owner is told why not).
    "team_leave": [post(lambda w, t: f"/teams/{w.team.code}/leave/", members(MOVED))],
    "team_security": [
        get(lambda w, t: f"/teams/{w.team.code}/security/", owners(200)),
        post(lambda w, t: f"/teams/{w.team.code}/security/", owners(MOVED)),
    ],
    # A team's webhooks: owners only (the URLs they send to are secrets too).
    "team_webhooks": [
        get(lambda w, t: f"/teams/{w.team.code}/webhooks/", owners(200)),
        # Refused (an ftp:// address): the form again, nothing saved, nothing sent.
        post(
            lambda w, t: f"/teams/{w.team.code}/webhooks/",
            owners(400),
            {"name": "Hook", "url": "ftp://hooks.example.com/", "events": "render.done"},
        ),
    ],
    "webhook_detail": [
        get(lambda w, t: f"/teams/{w.team.code}/webhooks/{w.webhook.code}/", owners(200))
    ],
    "webhook_test": [
        post(lambda w, t: f"/teams/{w.team.code}/webhooks/{w.webhook.code}/test/", owners(MOVED))
    ],
    "webhook_toggle": [
        post(
            lambda w, t: f"/teams/{w.team.code}/webhooks/{w.webhook.code}/enabled/",
            owners(MOVED),
            {"enabled": "off"},
        )
    ],
    "webhook_redeliver": [
        post(
            lambda w, t: (
                f"/teams/{w.team.code}/webhooks/{w.webhook.code}"
                f"/deliveries/{w.delivery.code}/redeliver/"
            ),
            owners(MOVED),
        )
    ],
    "webhook_delete": [
        post(lambda w, t: f"/teams/{w.team.code}/webhooks/{w.webhook.code}/delete/", owners(MOVED))
    ],
    "team_rename": [
        post(lambda w, t: f"/teams/{w.team.code}/rename/", owners(MOVED), {"name": "Renamed"})
    ],
    "member_role": [
        post(
            lambda w, t: f"/teams/{w.team.code}/members/{w.dave.code}/role/",
            owners(MOVED),
            {"role": "editor"},
        )
    ],
    "member_remove": [
        post(lambda w, t: f"/teams/{w.team.code}/members/{w.dave.code}/remove/", owners(MOVED))
    ],
    # Share links: owners manage them...
    "share_create": [
        get(lambda w, t: f"/projects/{w.project.code}/shares/new/", owners(200)),
        post(
            lambda w, t: f"/projects/{w.project.code}/shares/new/",
            owners(200),
            {"label": "For ACME", "expires": "7"},
        ),
    ],
    "share_revoke": [post(lambda w, t: f"/shares/{w.spare_link.code}/revoke/", owners(MOVED))],
    # ...and look after them: a project's links and each link's page show
    # addresses that open the videos to anyone, and what clients wrote under
    # their names, so only those who manage links (owners) open them.
    "project_shares": [get(lambda w, t: f"/projects/{w.project.code}/shares/", owners(200))],
    "share_detail": [get(lambda w, t: f"/shares/{w.spare_link.code}/", owners(200))],
    "share_update": [
        post(
            lambda w, t: f"/shares/{w.spare_link.code}/settings/",
            owners(MOVED),
            {"label": "ACME, second round", "expires": "keep", "allow_feedback": "on"},
        )
    ],
    "share_videos_add": [
        # A video of no project of the team: refused with a message, nothing added.
        post(
            lambda w, t: f"/shares/{w.spare_link.code}/videos/",
            owners(MOVED),
            {"videos": ["00000000-0000-4000-8000-000000000001"]},
        ),
    ],
    "share_video_remove": [
        post(
            lambda w, t: f"/shares/{w.spare_link.code}/videos/{w.render.code}/remove/",
            owners(MOVED),
        ),
        post(
            lambda w, t: f"/shares/{w.spare_link.code}/videos/{w.foreign_render.code}/remove/",
            owners(404),
        ),
    ],
    "share_video_move": [
        post(
            lambda w, t: f"/shares/{w.spare_link.code}/videos/{w.render.code}/move/",
            owners(MOVED),
            {"direction": "down"},
        )
    ],
    "share_password": [
        post(
            lambda w, t: f"/shares/{w.spare_link.code}/password/",
            owners(MOVED),
            {"password": "blue-horse-42"},
        )
    ],
    "share_embed_sites": [
        post(
            lambda w, t: f"/shares/{w.spare_link.code}/embed-sites/",
            owners(MOVED),
            {"embed_sites": "https://www.example.com"},
        )
    ],
    # ...and people holding one watch, without an account.
    "share_page": [get(lambda w, t: f"/s/{t}/", shared())],
    "share_media": [
        get(media("video"), shared()),
        get(media("poster"), shared()),
        get(media("watermarked"), shared()),
        # This link is watch-only.
        get(media("video", "?download=1"), shared(403)),
        get(media("portrait"), everyone(404)),
        get(lambda w, t: f"/s/{t}/renders/{w.foreign_render.code}/video/", everyone(404)),
    ],
    # Clients answering (the valid link asks for feedback): anyone with an
    # active link says who they are; commenting and reviewing need that first
    # (a holder who has only opened the page is refused), and only on the
    # link's own videos.
    "share_reviewer": [
        post(lambda w, t: f"/s/{t}/reviewer/", shared(SEE_OTHER), {"name": "A", "email": "a@x.io"})
    ],
    "share_comment": [
        post(answer("comment"), shared(403), {"body": "Hi"}),
        post(answer("comment", foreign=True), everyone(404), {"body": "Hi"}),
    ],
    "share_review": [
        post(answer("review"), shared(403), {"decision": "approve"}),
        post(answer("review", foreign=True), everyone(404), {"decision": "approve"}),
    ],
    # The password page's form: this link has none, so it goes on to the room
    # (303 See Other); for a link that does not open, the same page as a wrong password.
    "share_unlock": [post(lambda w, t: f"/s/{t}/password/", shared(303), {"password": "x"})],
    # Viewing figures come only from the room page's own script (same origin,
    # which a request without Origin or Sec-Fetch-Site is not).
    "share_beacon": [post(lambda w, t: f"/s/{t}/beacon/", shared(403), {"videos": "[]"})],
    # One video alone, for other websites' frames.
    "share_embed": [
        get(lambda w, t: f"/s/{t}/embed/{w.render.code}/", shared()),
        get(lambda w, t: f"/s/{t}/embed/{w.foreign_render.code}/", everyone(404)),
    ],
    # "Download all": a ZIP of the link's videos, refused on this watch-only link.
    "share_download_all": [get(lambda w, t: f"/s/{t}/videos.zip", shared(403))],
    # Invitations
    "invite_create": [get(lambda w, t: f"/teams/{w.team.code}/invites/new/", owners(200))],
    "invite_revoke": [
        post(
            lambda w, t: f"/teams/{w.team.code}/invites/{w.spare_invite.code}/revoke/",
            owners(MOVED),
        )
    ],
    # Anyone holding the invitation sees it: sign up, join, or "already a member".
    "invite_accept": [get(lambda w, t: f"/invites/{w.invite_token}/", everyone(200))],
    # Reviews, comments, comparisons, usage
    "render_review": [
        post(
            lambda w, t: f"/renders/{w.render.code}/review/",
            editors(MOVED),
            {"decision": "approve", "body": "Good to go."},
        )
    ],
    "render_comment": [
        post(lambda w, t: f"/renders/{w.render.code}/comments/", members(MOVED), {"body": "Nice"})
    ],
    # The conversation alone, polled by the render page: what the page shows.
    "render_conversation": [get(lambda w, t: f"/renders/{w.render.code}/conversation/", members())],
    "render_compare_pick": [
        get(
            lambda w, t: f"/renders/{w.render.code}/compare/?with={w.version2.code}",
            members(MOVED),
        )
    ],
    "render_compare": [
        get(lambda w, t: f"/renders/{w.render.code}/compare/{w.version2.code}/", members())
    ],
    "team_usage": [get(lambda w, t: f"/teams/{w.team.code}/usage/", members())],
    "project_usage": [get(lambda w, t: f"/projects/{w.project.code}/usage/", members())],
    # Monthly budgets: every member sees them on the usage pages; owners set them.
    "team_budget": [
        post(lambda w, t: f"/teams/{w.team.code}/budget/", owners(MOVED), {"monthly_units": "500"})
    ],
    "project_budget": [
        post(
            lambda w, t: f"/projects/{w.project.code}/budget/",
            owners(MOVED),
            {"monthly_units": "50"},
        )
    ],
}


def named_urls(patterns=None):
    """Every URL name of projects.urls, through its includes."""
    if patterns is None:
        patterns = get_resolver("projects.urls").url_patterns
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            names |= named_urls(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names
