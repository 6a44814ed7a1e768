"""The rows of tests/url_table.py for share links: the team managing them,
and people holding one (see tests/url_table.py)."""

from tests.url_cases import (
    MOVED,
    SEE_OTHER,
    answer,
    everyone,
    get,
    media,
    owners,
    post,
    shared,
)

SHARING = {
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
            {
                "label": "ACME, second round",
                "expires": "keep",
                "allow_feedback": "on",
                "ai_label": "on",
            },
        ),
        # Turning the "AI-generated" label off without ticking "I understand": refused.
        post(
            lambda w, t: f"/shares/{w.spare_link.code}/settings/",
            owners(400),
            {"label": "ACME, second round", "expires": "keep"},
        ),
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
    "share_captions": [
        get(lambda w, t: f"/s/{t}/renders/{w.render.code}/captions.vtt", shared()),
        # This link is watch-only: the player's captions, but no files to keep.
        get(lambda w, t: f"/s/{t}/renders/{w.render.code}/captions.srt", shared(403)),
        get(lambda w, t: f"/s/{t}/renders/{w.version2.code}/captions.vtt", shared(404)),
        get(lambda w, t: f"/s/{t}/renders/{w.foreign_render.code}/captions.vtt", everyone(404)),
    ],
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
}
