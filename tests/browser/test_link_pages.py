"""The team's link pages in a real browser: ticking videos in the gallery,
ordering a link's videos, copying its address; and how the pages look on a
desktop and on a phone (screenshots in test-artifacts/screenshots)."""

import pytest

from projects.models import Comment, LinkVisitor, ReviewState, ShareLink
from projects.sharing.services import sharelink_create
from tests.conftest import PASSWORD
from tests.gallery.browser.conftest import log_in
from tests.sharing.conftest import done_render

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def room(project, alice):
    takes = [
        done_render(project, alice, title=title, review_state=state)
        for title, state in [
            ("Astronaut — Spring EN", ReviewState.APPROVED),
            ("Astronaut — Spring DE", ReviewState.PENDING),
            ("CEO — “Welcome to our spring sale, everything…”", ReviewState.APPROVED),
            ("Chef — Summer menu teaser with a rather long name", ReviewState.PENDING),
        ]
    ]
    link, _ = sharelink_create(
        project=project,
        created_by=alice,
        label="ACME marketing team",
        renders=takes[:3],
        allow_feedback=True,
    )
    cleo = LinkVisitor.objects.create(link=link, opens=4, name="Cleo", email="cleo@acme.example")
    LinkVisitor.objects.create(link=link, opens=1)
    Comment.objects.create(render=takes[0], visitor=cleo, share_link=link, body="Lovely!")
    old, _ = sharelink_create(
        project=project, created_by=alice, label="Old agency link", renders=takes[:1]
    )
    ShareLink.objects.filter(pk=old.pk).update(secret="")
    off, _ = sharelink_create(
        project=project, created_by=alice, label="Board preview", renders=takes[2:3]
    )
    off.revoke()
    return link, takes


def test_ticking_ordering_and_copying(live_server, new_page, alice, project, room, shot):
    link, takes = room
    base = live_server.url
    page = new_page(1280, 900)
    log_in(page, base, "alice@example.org", PASSWORD)

    # Tick two videos in the gallery: the new-link form suggests them.
    page.goto(f"{base}/projects/{project.code}/")
    page.get_by_label(f"Share “{takes[3].title}”").check()
    page.get_by_label(f"Share “{takes[1].title}”").check()
    page.locator("#share-pick").scroll_into_view_if_needed()
    shot(page, "links-gallery-ticked")
    page.get_by_role("button", name="Share these").click()
    page.get_by_role("heading", name="Share videos").wait_for()
    assert page.get_by_label("The 2 videos you ticked, in this order").is_checked()
    shot(page, "links-new-from-gallery")

    # The link's page: move the third video up, copy the address.
    page.goto(f"{base}/shares/{link.code}/")
    page.locator(f"#entry-{takes[2].code}").get_by_role("button", name="Up").click()
    page.get_by_role("heading", name="Videos on this link").wait_for()
    assert [e.render_id for e in link.entries.order_by("position")] == [
        takes[0].pk,
        takes[2].pk,
        takes[1].pk,
    ]
    page.get_by_role("button", name="Copy link").click()
    status = page.locator("[data-copy-status]")
    status.filter(has_text="copied").or_(status.filter(has_text="selected")).wait_for()
    assert page.locator("#copy-" + str(link.code)).input_value().endswith(f"/s/{link.token()}/")

    for width, height in [(1280, 900), (390, 844)]:
        small = new_page(width, height)
        log_in(small, base, "alice@example.org", PASSWORD)
        small.goto(f"{base}/shares/{link.code}/")
        shot(small, f"links-link-page-{width}")
        small.goto(f"{base}/projects/{project.code}/shares/")
        small.get_by_role("heading", name="Share links").wait_for()
        shot(small, f"links-links-page-{width}")
