"""Every named URL of the app, how to build it, and who may open it; and the
world the URLs are built in.

One entry per named URL of ``projects.urls`` (the share and review URLs it
includes too). tests/test_authorization.py checks every visitor against the
expected statuses; tests/security/test_fuzzed_parameters.py sends every URL
random parameters. The ``world`` fixture is a plugin of tests/conftest.py.

Visitors: anonymous, an outsider (member of another team), a viewer, an
editor and an owner of the team, and anonymous people holding a valid, an
expired or a revoked share link. Share links open only /s/<token>/ pages;
inside the app their holders are anonymous. For /s/ URLs, everyone who is
not one of the three link holders uses the valid link.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from projects.models import Membership, Render, RenderStatus, ReviewState
from projects.sharing.services import sharelink_create
from projects.teams.invites import invite_create
from projects.teams.roles import Role
from projects.teams.services import user_sign_up
from tests.conftest import PASSWORD
from tests.factories import png_bytes, portrait_asset

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


# --- The world every case runs in ---------------------------------------------


class World:
    pass


def _finished_render(project, user, portrait, **kwargs):
    render = Render(
        project=project,
        created_by=user,
        portrait=portrait,
        script="Hello there.",
        voice_id="oversea_male1",
        status=RenderStatus.DONE,
        finished_at=timezone.now(),
        duration=3.0,
        **kwargs,
    )
    header = b"\x00\x00\x00\x18ftypmp42"
    render.video.save("video.mp4", ContentFile(header + b"v" * 4000), False)
    render.watermarked_video.save("w.mp4", ContentFile(header + b"w" * 99), False)
    render.poster.save("poster.jpg", ContentFile(png_bytes(32, 32)), False)
    render.save()
    return render


@pytest.fixture
def world(db, enqueued):
    w = World()
    people = {
        name: user_sign_up(email=f"{name}@example.org", password=PASSWORD, name=name)
        for name in ["alice", "bob", "vera", "dave", "charlie"]
    }
    w.alice = people["alice"]
    w.team = w.alice.memberships.get().team
    for name, role in [("bob", Role.EDITOR), ("vera", Role.VIEWER), ("dave", Role.VIEWER)]:
        Membership.objects.create(team=w.team, user=people[name], role=role)
    w.dave = Membership.objects.get(team=w.team, user=people["dave"])
    w.users = {
        OWNER: w.alice,
        EDITOR: people["bob"],
        VIEWER: people["vera"],
        OUTSIDER: people["charlie"],
    }
    w.project = w.team.projects.create(name="Spring campaign", created_by=w.alice)
    w.portrait = portrait_asset(w.team, project=w.project)
    w.render = _finished_render(w.project, w.alice, w.portrait)
    w.version2 = _finished_render(w.project, w.alice, w.portrait, parent=w.render, version=2)
    # Approved: a new link's default selection is the approved videos.
    Render.objects.filter(pk=w.version2.pk).update(review_state=ReviewState.APPROVED)
    charlie_team = people["charlie"].memberships.get().team
    charlie_project = charlie_team.projects.create(name="Charlie's", created_by=people["charlie"])
    w.foreign_render = _finished_render(
        charlie_project, people["charlie"], portrait_asset(charlie_team, project=charlie_project)
    )
    new_link = {
        "project": w.project,
        "created_by": w.alice,
        "label": "ACME",
        "renders": [w.render, w.version2],
    }
    _, valid = sharelink_create(**new_link)
    expired, expired_token = sharelink_create(
        **new_link, expires_at=timezone.now() + timedelta(hours=1)
    )
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save()
    revoked, revoked_token = sharelink_create(**new_link)
    revoked.revoke()
    w.spare_link, _ = sharelink_create(**new_link)
    w.tokens = {LINK: valid, EXPIRED: expired_token, REVOKED: revoked_token}
    _, w.invite_token = invite_create(team=w.team, created_by=w.alice, role=Role.VIEWER)
    w.spare_invite, _ = invite_create(team=w.team, created_by=w.alice, role=Role.EDITOR)
    return w


def client_for(world, principal):
    client = Client()
    if principal in world.users:
        client.force_login(world.users[principal])
    elif principal in LINK_HOLDERS:
        # Having opened a share page gives nothing beyond it.
        client.get(f"/s/{world.tokens[principal]}/")
    return client
