"""Every named URL of the app, how to build it, and who may open it (the
world the URLs are built in is tests/url_world.py; the visitor kinds and
statuses are in tests/url_cases.py, the share-link rows in
tests/url_table_sharing.py).

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

from django.urls import URLPattern, URLResolver, get_resolver

from tests.url_cases import (  # noqa: F401  (re-exported for the tests)
    ANONYMOUS,
    EDITOR,
    EXPIRED,
    LINK,
    LINK_HOLDERS,
    LOGIN,
    MOVED,
    OUTSIDER,
    OWNER,
    PRINCIPALS,
    REVOKED,
    SEE_OTHER,
    USERS,
    VIEWER,
    Case,
    answer,
    app,
    editors,
    everyone,
    get,
    media,
    members,
    owners,
    post,
    shared,
)
from tests.url_table_sharing import SHARING

# The editor's form for the world's captions (tests/url_world.py), unchanged.
CAPTION_FORM = {
    "cue-TOTAL_FORMS": "1",
    "cue-INITIAL_FORMS": "1",
    "cue-0-text": "Hello world.",
    "cue-0-start": "0:00",
    "cue-0-end": "0:01.5",
}

TABLE = {
    # Everyone's own notices: nothing of anybody else's.
    "notices_read": [
        post(lambda w, t: "/notices/read/", members(MOVED) | {OUTSIDER: MOVED}),
        post(lambda w, t: "/notices/read/", members(MOVED) | {OUTSIDER: MOVED}, {"notice": "1"}),
    ],
    "notice_list": [get(lambda w, t: "/notices/", members() | {OUTSIDER: 200})],
    "notice_count": [get(lambda w, t: "/notices/count.json", members() | {OUTSIDER: 200})],
    "notice_email_settings": [
        get(lambda w, t: "/notices/email/", members() | {OUTSIDER: 200}),
        post(lambda w, t: "/notices/email/", members(400) | {OUTSIDER: 400}),
        post(
            lambda w, t: "/notices/email/",
            members(MOVED) | {OUTSIDER: MOVED},
            {"ready": "digest", "failed": "never", "changes": "immediately", "feedback": "digest"},
        ),
    ],
    # Projects
    "project_list": [get(lambda w, t: "/", members() | {OUTSIDER: 200})],
    "project_create": [
        get(lambda w, t: f"/teams/{w.team.code}/projects/new/", editors(200)),
        post(lambda w, t: f"/teams/{w.team.code}/projects/new/", editors(MOVED), {"name": "Fall"}),
    ],
    "project_detail": [get(lambda w, t: f"/projects/{w.project.code}/", members())],
    "project_edit": [
        get(lambda w, t: f"/projects/{w.project.code}/edit/", editors(200)),
        post(lambda w, t: f"/projects/{w.project.code}/edit/", editors(MOVED), {"name": "Fall"}),
    ],
    "project_archive": [post(lambda w, t: f"/projects/{w.project.code}/archive/", editors(MOVED))],
    # "Download approved": a ZIP of the project's approved versions, for everyone who
    # may download (viewers too); the world's version 2 is approved.
    "project_download_approved": [
        get(lambda w, t: f"/projects/{w.project.code}/approved.zip", members())
    ],
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
    # A portrait's consent: members see it, editors record it, owners open its
    # document and withdraw it (the world's portrait has consent and a document;
    # its bare portrait has none).
    "portrait_consent": [
        get(lambda w, t: f"/assets/{w.portrait.code}/consent/", members()),
        get(lambda w, t: f"/assets/{w.bare_portrait.code}/consent/", members()),
        post(lambda w, t: f"/assets/{w.bare_portrait.code}/consent/", editors(400)),
        post(
            lambda w, t: f"/assets/{w.bare_portrait.code}/consent/",
            editors(MOVED),
            {"person_name": "Ada Example", "consent_date": "2026-01-05", "agreed": "on"},
        ),
    ],
    "consent_withdraw": [
        get(lambda w, t: f"/assets/{w.portrait.code}/consent/withdraw/", owners(200)),
        post(lambda w, t: f"/assets/{w.portrait.code}/consent/withdraw/", owners(MOVED)),
    ],
    "consent_document": [
        get(lambda w, t: f"/assets/{w.portrait.code}/consent/document/", owners(200)),
    ],
    "asset_delete": [post(lambda w, t: f"/assets/{w.portrait.code}/delete/", editors(MOVED))],
    # The team's library: members look, editors rename, tag and remove.
    "asset_library": [get(lambda w, t: f"/teams/{w.team.code}/library/", members())],
    # The team-wide search: members look through the team's videos.
    "team_search": [
        get(lambda w, t: f"/teams/{w.team.code}/search/", members()),
        get(lambda w, t: f"/teams/{w.team.code}/search/?q=smiles&status=done", members()),
    ],
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
    # Captions: the VTT the player reads and the files to download.
    "render_captions": [
        get(lambda w, t: f"/renders/{w.render.code}/captions.vtt", members()),
        get(lambda w, t: f"/renders/{w.render.code}/captions.vtt?download=1", members()),
        get(lambda w, t: f"/renders/{w.render.code}/captions.srt", members()),
        # No captions yet.
        get(lambda w, t: f"/renders/{w.version2.code}/captions.vtt", members(404)),
    ],
    "render_captions_remake": [
        post(lambda w, t: f"/renders/{w.render.code}/captions/remake/", editors(MOVED)),
    ],
    # Editing the cues (a new version), and bringing an earlier version back.
    "render_captions_edit": [
        post(lambda w, t: f"/renders/{w.render.code}/captions/edit/", editors(400)),
        # Saved over a version the page did not know: refused, nothing changed.
        post(
            lambda w, t: f"/renders/{w.render.code}/captions/edit/",
            editors(409),
            {"version": "99", **CAPTION_FORM},
        ),
        # Nothing changed: back to the page, no new version.
        post(
            lambda w, t: f"/renders/{w.render.code}/captions/edit/",
            editors(MOVED),
            {"version": "1", **CAPTION_FORM},
        ),
        post(lambda w, t: f"/renders/{w.version2.code}/captions/edit/", editors(MOVED)),
    ],
    "render_captions_restore": [
        post(lambda w, t: f"/renders/{w.render.code}/captions/restore/", editors(MOVED)),
        post(
            lambda w, t: f"/renders/{w.render.code}/captions/restore/",
            editors(MOVED),
            {"version": "99", "restore": "1"},
        ),
    ],
    # Downloads with captions or the label burned in: whoever may download.
    "render_export_create": [
        post(lambda w, t: f"/renders/{w.render.code}/exports/", members(MOVED), {"ai_label": "on"}),
        # Nothing ticked: the page again, with the reason.
        post(lambda w, t: f"/renders/{w.render.code}/exports/", members(400)),
    ],
    "render_exports": [get(lambda w, t: f"/renders/{w.render.code}/exports.json", members())],
    "render_export_download": [
        get(lambda w, t: f"/renders/{w.render.code}/exports/{w.export.code}/", members()),
        # Another video's code with this export: no such download.
        get(lambda w, t: f"/renders/{w.version2.code}/exports/{w.export.code}/", members(404)),
    ],
    "render_export_retry": [
        post(
            lambda w, t: f"/renders/{w.render.code}/exports/{w.export.code}/retry/", members(MOVED)
        )
    ],
    # Kling's hint that a task changed: a per-render secret, never a login.
    "kling_callback": [
        post(lambda w, t: f"/kling/callback/{w.render.code}/{'0' * 64}/", everyone(404))
    ],
    # Teams and members
    "team_list": [
        get(lambda w, t: "/teams/", members() | {OUTSIDER: 200}),
        # Anyone signed in makes a team of their own.
        post(lambda w, t: "/teams/", members(MOVED) | {OUTSIDER: MOVED}, {"name": "Studio B"}),
    ],
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
    # The audit trail: owners read it and export it; nobody changes it.
    "team_audit": [
        get(lambda w, t: f"/teams/{w.team.code}/audit/", owners(200)),
        get(lambda w, t: f"/teams/{w.team.code}/audit/?kind=videos&page=2", owners(200)),
    ],
    "team_audit_csv": [get(lambda w, t: f"/teams/{w.team.code}/audit.csv", owners(200))],
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
    **SHARING,
    # Invitations
    "invite_create": [
        get(lambda w, t: f"/teams/{w.team.code}/invites/new/", owners(200)),
        post(
            lambda w, t: f"/teams/{w.team.code}/invites/new/",
            owners(200),
            {"role": "viewer", "email": "", "days": "7"},
        ),
    ],
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
