"""Every view that changes a team's data writes an audit entry, of the right
kind, for whoever may do it; nobody refused writes one.

Driven by tests/url_table.py: every URL name with a POST case must be either
in AUDITED (with the kind it writes) or in EXEMPT (with why it changes no
team data). So a new view that changes data fails here until it writes an
entry, or until someone writes down why it needs none.

The table's cases say who may open a URL; some of them are refusals in the
world they run in (a finished video cannot be canceled). For those, SUCCEEDS
gives a case that does the change.
"""

from dataclasses import dataclass, field

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max

from projects.models import AssetKind, AuditEntry, AuditKind, Caption, RenderStatus
from projects.renders.services import render_create
from tests.factories import png_bytes, voiceover_asset
from tests.grid.conftest import light_asset, render
from tests.url_table import (
    CAPTION_FORM,
    EDITOR,
    LINK,
    OUTSIDER,
    OWNER,
    PRINCIPALS,
    TABLE,
    USERS,
    VIEWER,
)
from tests.url_world import client_for

AUDITED = {
    "project_create": AuditKind.PROJECT_CREATED,
    "project_edit": AuditKind.PROJECT_CHANGED,
    "project_archive": AuditKind.PROJECT_CHANGED,
    "project_grid_make": AuditKind.RENDER_CREATED,
    "project_import_queue": AuditKind.RENDER_CREATED,
    "project_try": AuditKind.RENDER_CREATED,
    "asset_upload": AuditKind.ASSET_UPLOADED,
    "asset_delete": AuditKind.ASSET_REMOVED,
    "asset_edit": AuditKind.ASSET_CHANGED,
    "render_create": AuditKind.RENDER_CREATED,
    "render_rename": AuditKind.RENDER_RENAMED,
    "render_cancel": AuditKind.RENDER_CANCELED,
    "render_retry": AuditKind.RENDER_RETRIED,
    "render_release": AuditKind.RENDER_RELEASED,
    "render_again": AuditKind.RENDER_CREATED,
    "render_review": AuditKind.REVIEW_CHANGED,
    "render_comment": AuditKind.COMMENT_ADDED,
    "team_list": AuditKind.TEAM_CHANGED,
    "team_rename": AuditKind.TEAM_CHANGED,
    "team_security": AuditKind.TEAM_CHANGED,
    "team_leave": AuditKind.MEMBER_REMOVED,
    "member_role": AuditKind.MEMBER_ROLE_CHANGED,
    "member_remove": AuditKind.MEMBER_REMOVED,
    "invite_create": AuditKind.MEMBER_INVITED,
    "invite_revoke": AuditKind.MEMBER_UNINVITED,
    "team_webhooks": AuditKind.WEBHOOK_CHANGED,
    "webhook_toggle": AuditKind.WEBHOOK_CHANGED,
    "webhook_delete": AuditKind.WEBHOOK_CHANGED,
    "team_budget": AuditKind.BUDGET_CHANGED,
    "project_budget": AuditKind.BUDGET_CHANGED,
    "share_create": AuditKind.LINK_CREATED,
    "share_revoke": AuditKind.LINK_REVOKED,
    "share_update": AuditKind.LINK_CHANGED,
    "share_videos_add": AuditKind.LINK_CHANGED,
    "share_video_remove": AuditKind.LINK_CHANGED,
    "share_video_move": AuditKind.LINK_CHANGED,
    "share_password": AuditKind.LINK_CHANGED,
    "share_embed_sites": AuditKind.LINK_CHANGED,
    "share_comment": AuditKind.CLIENT_FEEDBACK,
    "render_captions_remake": AuditKind.CAPTIONS_CHANGED,
    "render_export_create": AuditKind.EXPORT_REQUESTED,
    "portrait_consent": AuditKind.CONSENT_GIVEN,
    "consent_withdraw": AuditKind.CONSENT_WITHDRAWN,
    "render_captions_edit": AuditKind.CAPTIONS_CHANGED,
    "render_captions_restore": AuditKind.CAPTIONS_CHANGED,
    "share_review": AuditKind.CLIENT_FEEDBACK,
}

EXEMPT = {
    # A person's own things, not the team's.
    "notices_read": "marks one's own notices read",
    "notice_email_settings": "one's own e-mail choices",
    "team_switch": "which team one works in, kept in one's session",
    # Nothing saved.
    "project_import": "reads a sheet and shows a preview; queueing is audited",
    "share_unlock": "a visitor typing a link's password",
    "share_beacon": "viewing figures (the link's analytics), not a change",
    "kling_callback": "Kling reporting on its task: the render moves on as a poll would move it",
    "team_members": "refuses POST (people join only by invitation)",
    # A client saying who they are before answering: their feedback is audited.
    "share_reviewer": "a visitor's name on a link; what they say is audited",
    # Sending, not changing: the webhook's delivery log records each one.
    "webhook_test": "sends a test event, shown in the delivery log",
    "webhook_redeliver": "sends a delivery again, shown in the delivery log",
    "render_export_retry": "makes again a download whose request was audited",
}


@dataclass
class Try:
    """One POST that changes something: who sends it, where, with what, after
    preparing the world (`prepare(world, client)` may return values the URL
    and data use)."""

    principal: str
    url: object  # (world, prepared) -> path
    data: object = field(default_factory=dict)  # dict, or (world, prepared) -> dict
    prepare: object = None


def _upload(w, _):
    # Not the world's portrait (the same file again is reused, not uploaded).
    photo = png_bytes(600, 600, (30, 160, 90))
    return {"file": SimpleUploadedFile("ceo.png", photo, "image/png")}


def _queued(w, _):
    voice = voiceover_asset(w.team, project=w.project)
    return render_create(
        project=w.project, created_by=w.alice, portrait=w.portrait, voiceover=voice
    )


def _in(status):
    return lambda w, _: render(
        w.project, w.portrait, script="Hi there.", voice_id="x", status=status
    )


def _grid(w, _):
    portrait = light_asset(w.team, AssetKind.PORTRAIT, "anna.png", project=w.project)
    voice = light_asset(w.team, AssetKind.VOICEOVER, "intro.mp3", project=w.project)
    return f"{portrait.code}:{voice.code}"


def _sheet(w, _):
    light_asset(w.team, AssetKind.PORTRAIT, "anna.png")
    light_asset(w.team, AssetKind.VOICEOVER, "intro.mp3")


def _introduce(w, client):
    client.post(f"/s/{w.tokens[LINK]}/reviewer/", {"name": "Ana", "email": "ana@client.io"})


def _second_captions(w, _):
    first = w.render.captions.get(version=1)
    Caption.objects.create(
        render=w.render, source=first.source, cues=[{**first.cues[0], "text": "Hi."}], version=2
    )


def _public_dns(w, _):
    w.dns.add("hooks.example.org", "93.184.216.34")


SUCCEEDS = {
    # The world's own export has the default label: another wording is new.
    "render_export_create": [
        Try(
            VIEWER,
            lambda w, _: f"/renders/{w.render.code}/exports/",
            {"ai_label": "on", "label_text": "Made with AI"},
        )
    ],
    "render_captions_edit": [
        Try(
            EDITOR,
            lambda w, _: f"/renders/{w.render.code}/captions/edit/",
            {"version": "1", **CAPTION_FORM, "cue-0-text": "Hello there."},
        )
    ],
    "render_captions_restore": [
        Try(
            EDITOR,
            lambda w, _: f"/renders/{w.render.code}/captions/restore/",
            {"version": "2", "restore": "1"},
            _second_captions,
        )
    ],
    "render_create": [
        Try(
            EDITOR,
            lambda w, _: f"/projects/{w.project.code}/renders/new/",
            lambda w, _: {
                "portraits": [w.portrait.code],
                "script": "Hello from spring.",
                "voice_id": "oversea_male1",
                "mode": "std",
            },
        )
    ],
    "project_grid_make": [
        Try(
            EDITOR,
            lambda w, _: f"/projects/{w.project.code}/grid/make/",
            lambda w, cell: {"cell": [cell], "mode": "std", "confirm": "1"},
            _grid,
        )
    ],
    "project_import_queue": [
        Try(
            EDITOR,
            lambda w, _: f"/projects/{w.project.code}/import/queue/",
            {
                "text": "project,portrait,voiceover,prompt,mode\n"
                "Spring campaign,anna.png,intro.mp3,,std\n",
                "name": "launch.csv",
                "lines": "2",
            },
            _sheet,
        )
    ],
    "project_try": [
        Try(
            EDITOR,
            lambda w, empty: f"/projects/{empty.code}/try/",
            prepare=lambda w, _: w.team.projects.create(name="Empty", created_by=w.alice),
        )
    ],
    "asset_upload": [
        Try(EDITOR, lambda w, _: f"/projects/{w.project.code}/upload/", _upload),
    ],
    "render_cancel": [Try(EDITOR, lambda w, r: f"/renders/{r.code}/cancel/", prepare=_queued)],
    "render_retry": [
        Try(EDITOR, lambda w, r: f"/renders/{r.code}/retry/", prepare=_in(RenderStatus.FAILED))
    ],
    "render_release": [
        Try(OWNER, lambda w, r: f"/renders/{r.code}/release/", prepare=_in(RenderStatus.HELD))
    ],
    # The last owner cannot leave; a viewer can.
    "team_leave": [Try(VIEWER, lambda w, _: f"/teams/{w.team.code}/leave/")],
    "team_security": [
        Try(
            OWNER,
            lambda w, _: f"/teams/{w.team.code}/security/",
            {"require_mfa": "on"},
            prepare=lambda w, _: TOTP.activate(w.alice, generate_totp_secret()),
        )
    ],
    "team_webhooks": [
        Try(
            OWNER,
            lambda w, _: f"/teams/{w.team.code}/webhooks/",
            {"name": "CRM", "url": "https://hooks.example.org/in", "events": ["render.done"]},
            _public_dns,
        )
    ],
    "share_videos_add": [
        Try(
            OWNER,
            lambda w, r: f"/shares/{w.spare_link.code}/videos/",
            lambda w, r: {"videos": [r.code]},
            _in(RenderStatus.DONE),
        )
    ],
    "share_comment": [
        Try(
            LINK,
            lambda w, _: f"/s/{w.tokens[LINK]}/videos/{w.render.code}/comment/",
            {"body": "Hi"},
            _introduce,
        )
    ],
    "share_review": [
        Try(
            LINK,
            lambda w, _: f"/s/{w.tokens[LINK]}/videos/{w.render.code}/review/",
            {"decision": "approve"},
            _introduce,
        )
    ],
}


def _post_names():
    return {name for name, cases in TABLE.items() if any(c.method == "POST" for c in cases)}


def test_every_view_that_changes_data_is_audited_or_exempt():
    names = _post_names()
    undecided = sorted(names - set(AUDITED) - set(EXEMPT))
    assert not undecided, f"POST URLs that write no audit entry and are not exempt: {undecided}"
    assert not set(AUDITED) & set(EXEMPT)
    assert not (set(AUDITED) | set(EXEMPT)) - names, "stale names in AUDITED or EXEMPT"


def _token(world, principal):
    return world.tokens.get(principal, world.tokens[LINK])


def _allowed(principal, url, status):
    """Whether the table lets this visitor do it: a member, or a client on an
    active link's own page (others are sent to log in, which is no change)."""
    if status >= 400:
        return False
    return principal in USERS or (principal == LINK and url.startswith("/s/"))


def _table_tries(world, name):
    """The table's own POST cases, each by the least trusted visitor it lets
    in (one per case: the first change may be the last one possible)."""
    for case in TABLE[name]:
        if case.method != "POST":
            continue
        for principal in [VIEWER, EDITOR, OWNER, OUTSIDER, LINK]:
            url = case.url(world, _token(world, principal))
            if _allowed(principal, url, case.expected[principal]):
                yield Try(principal, lambda w, _, url=url: url, case.data)
                break


def _last_id():
    return AuditEntry.objects.aggregate(last=Max("id"))["last"] or 0


@pytest.mark.parametrize("name", sorted(AUDITED))
def test_each_change_writes_its_entry(world, dns, name):
    world.dns = dns
    tries = SUCCEEDS.get(name) or list(_table_tries(world, name))
    assert tries, f"{name}: no case in which a visitor makes this change"
    for attempt in tries:
        client = client_for(world, attempt.principal)
        prepared = attempt.prepare(world, client) if attempt.prepare else None
        data = attempt.data(world, prepared) if callable(attempt.data) else attempt.data
        since = _last_id()
        url = attempt.url(world, prepared)
        response = client.post(url, data)
        assert response.status_code < 400, f"{name}: {url} as {attempt.principal}"
        new = list(AuditEntry.objects.filter(id__gt=since))
        assert any(e.kind == AUDITED[name] for e in new), (
            f"{name}: POST {url} as {attempt.principal} wrote no {AUDITED[name]} entry "
            f"(wrote {[e.kind for e in new]})"
        )
        if attempt.principal in USERS:
            user = world.users[attempt.principal]
            assert any(e.actor == user for e in new if e.kind == AUDITED[name])
        else:
            assert all("(client via link" in e.actor_name for e in new)


@pytest.mark.parametrize("name", sorted(_post_names()))
def test_a_refused_visitor_writes_no_entry(world, name):
    for case in TABLE[name]:
        if case.method != "POST":
            continue
        for principal in PRINCIPALS:
            url = case.url(world, _token(world, principal))
            if _allowed(principal, url, case.expected[principal]):
                continue
            since = _last_id()
            client_for(world, principal).post(url, case.data)
            assert _last_id() == since, f"{name} as {principal} was refused but wrote an entry"
