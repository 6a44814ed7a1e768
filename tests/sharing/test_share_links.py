"""Share links: owners make read-only links to a gallery or one video, for
people without an account, and turn them off; only a token's hash is kept.
What a visitor with a link sees is in test_shared_pages.py."""

import base64
import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from projects.models import (
    Project,
    ReviewState,
    ShareLink,
    hash_token,
    new_token,
    sharelink_lookup_hash,
)
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.sharing.conftest import GONE, done_render, media


def share_token(response):
    """The token in the one page that shows a new link's address."""
    match = re.search(r'value="http://testserver/s/([^/"]+)/"', response.content.decode())
    assert match, "the new link's address is not on the page"
    return match.group(1)


# --- Tokens -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def approved(project, alice):
    """A new link's default selection is the project's approved videos."""
    return done_render(project, alice, review_state=ReviewState.APPROVED)


def test_a_token_carries_256_bits_and_only_its_hash_is_kept():
    token, token_hash = new_token()
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert token_hash == hash_token(token) != token
    assert len(token_hash) == 64
    assert new_token()[0] != token


def test_the_database_never_holds_a_share_token(client, alice, project, render):
    login_as(client, alice)
    response = client.post(
        f"/projects/{project.code}/shares/new/", {"label": "For ACME", "expires": "7"}
    )
    token = share_token(response)
    link = ShareLink.objects.get()
    # Found by a keyed hash; the token itself is derived from a secret with the
    # site's key, so the database alone opens nothing.
    assert link.token_hash == sharelink_lookup_hash(token) != hash_token(token)
    assert link.token() == token != link.secret
    # Neither the link's row, nor any other row (sessions included) holds it.
    for session in Session.objects.all():
        assert token not in str(session.get_decoded())
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                assert token not in repr(row), table


# --- Owners make and revoke links --------------------------------------------


def test_an_owner_creates_a_link_to_the_approved_videos_with_a_copy_button(
    client, alice, project, approved
):
    login_as(client, alice)
    response = client.post(
        f"/projects/{project.code}/shares/new/",
        {"label": "For ACME", "expires": "7", "allow_download": "on"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-copy" in body and 'aria-live="polite"' in body
    assert "no-store" in response["Cache-Control"]
    token = share_token(response)
    link = ShareLink.objects.get()
    assert (link.label, link.allow_download, link.created_by) == ("For ACME", True, alice)
    assert list(link.renders.all()) == [approved]
    assert link.token() == token
    assert abs(link.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)
    # The project page lists it.
    page = client.get(project.get_absolute_url()).content.decode()
    assert "For ACME" in page and "1 video" in page and "never opened" in page


@pytest.mark.parametrize(("choice", "days"), [("1", 1), ("7", 7), ("30", 30), ("never", None)])
def test_expiry_choices(client, alice, project, choice, days):
    login_as(client, alice)
    client.post(f"/projects/{project.code}/shares/new/", {"label": "x", "expires": choice})
    link = ShareLink.objects.get()
    if days is None:
        assert link.expires_at is None
    else:
        expected = timezone.now() + timedelta(days=days)
        assert abs(link.expires_at - expected) < timedelta(minutes=1)


def test_an_end_date_of_your_choice(client, alice, project):
    login_as(client, alice)
    when = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)
    client.post(
        f"/projects/{project.code}/shares/new/",
        {"label": "x", "expires": "date", "expires_on": when.strftime("%Y-%m-%dT%H:%M")},
    )
    assert ShareLink.objects.get().expires_at == when


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "", "expires": "7"}, "Give the link a name"),
        ({"label": "x", "expires": "date", "expires_on": ""}, "Pick the date and time"),
        (
            {"label": "x", "expires": "date", "expires_on": "2001-01-01T10:00"},
            "in the future",
        ),
        ({"label": "x", "expires": "date", "expires_on": "next tuesday"}, "Enter a date"),
        ({"label": "x", "expires": "forever"}, "Select a valid choice"),
        ({"label": "x" * 101, "expires": "7"}, "at most 100 characters"),
    ],
)
def test_a_bad_link_form_explains_and_creates_nothing(client, alice, project, data, message):
    login_as(client, alice)
    response = client.post(f"/projects/{project.code}/shares/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ShareLink.objects.exists()


def test_an_owner_shares_one_render(client, alice, project, render):
    login_as(client, alice)
    page = client.get(render.get_absolute_url()).content.decode()
    assert "Share this video" in page
    response = client.post(
        f"/projects/{project.code}/shares/new/",
        {"label": "Just this one", "expires": "never", "render": str(render.code)},
    )
    token = share_token(response)
    link = ShareLink.objects.get()
    assert list(link.renders.all()) == [render]
    assert "Just this one" in client.get(render.get_absolute_url()).content.decode()
    assert client.get(f"/s/{token}/").status_code == 200


def test_a_render_of_another_project_cannot_be_shared_from_this_one(client, alice, team, project):
    elsewhere = Project.objects.create(team=team, name="Other campaign", created_by=alice)
    foreign = done_render(elsewhere, alice)
    login_as(client, alice)
    response = client.post(
        f"/projects/{project.code}/shares/new/",
        {"label": "x", "expires": "7", "render": str(foreign.code)},
    )
    assert response.status_code == 404
    assert not ShareLink.objects.exists()


def test_an_owner_revokes_a_link_and_it_stops_at_once(client, alice, project, render, make_link):
    link, token = make_link()
    assert client.get(media(token, render)).status_code == 200
    login_as(client, alice)
    response = client.post(f"/shares/{link.code}/revoke/")
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    client.logout()
    for url in [f"/s/{token}/", media(token, render), media(token, render, "poster")]:
        gone = client.get(url)
        assert gone.status_code == 404, url
        assert GONE in gone.content.decode()
    login_as(client, alice)
    assert "Turned off" in client.get(project.get_absolute_url()).content.decode()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_cannot_create_or_revoke_links(
    client, bob, team, project, render, make_link, role
):
    set_role(bob, team, role)
    link, _ = make_link()
    login_as(client, bob, team)
    assert client.get(f"/projects/{project.code}/shares/new/").status_code == 403
    assert (
        client.post(
            f"/projects/{project.code}/shares/new/", {"label": "x", "expires": "7"}
        ).status_code
        == 403
    )
    assert client.post(f"/shares/{link.code}/revoke/").status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None
    assert ShareLink.objects.count() == 1
    # Neither panel is shown to them.
    project_page = client.get(project.get_absolute_url()).content.decode()
    assert "Share with people outside" not in project_page
    assert "Share this video" not in client.get(render.get_absolute_url()).content.decode()


def test_outsiders_get_404_and_anonymous_people_log_in(client, charlie, project, make_link):
    link, _ = make_link()
    login_as(client, charlie)
    assert client.get(f"/projects/{project.code}/shares/new/").status_code == 404
    assert client.post(f"/shares/{link.code}/revoke/").status_code == 404
    assert client.post(f"/shares/{uuid.uuid4()}/revoke/").status_code == 404
    client.logout()
    response = client.post(f"/shares/{link.code}/revoke/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    link.refresh_from_db()
    assert link.revoked_at is None


def test_revoking_needs_a_post(client, alice, make_link):
    link, _ = make_link()
    login_as(client, alice)
    assert client.get(f"/shares/{link.code}/revoke/").status_code == 405
