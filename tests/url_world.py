"""The world tests/url_table.py's URLs are built in: a team with a member of
each role, an outsider, a project with finished renders, share links (valid,
expired, revoked) and invitations. The ``world`` fixture is a plugin of
tests/conftest.py."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from projects.models import (
    Caption,
    CaptionSource,
    ExportState,
    Membership,
    Render,
    RenderStatus,
    ReviewState,
    VideoExport,
    Webhook,
    WebhookDelivery,
)
from projects.sharing.services import sharelink_create
from projects.teams.invites import invite_create
from projects.teams.roles import Role
from projects.teams.services import user_sign_up
from tests.conftest import PASSWORD
from tests.factories import PDF, png_bytes, portrait_asset
from tests.url_table import EDITOR, EXPIRED, LINK, LINK_HOLDERS, OUTSIDER, OWNER, REVOKED, VIEWER

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
    consent = w.portrait.consent
    consent.document_label = "signed.pdf"
    consent.document_extension = "pdf"
    consent.document_content_type = "application/pdf"
    consent.document.save("consent", ContentFile(PDF), save=True)
    # A portrait whose person's consent is not recorded yet.
    w.bare_portrait = portrait_asset(
        w.team, project=w.project, label="new.png", colour=(200, 90, 60), consent=False
    )
    w.render = _finished_render(w.project, w.alice, w.portrait)
    w.version2 = _finished_render(w.project, w.alice, w.portrait, parent=w.render, version=2)
    # Approved: a new link's default selection is the approved videos.
    Render.objects.filter(pk=w.version2.pk).update(review_state=ReviewState.APPROVED)
    charlie_team = people["charlie"].memberships.get().team
    charlie_project = charlie_team.projects.create(name="Charlie's", created_by=people["charlie"])
    w.foreign_render = _finished_render(
        charlie_project, people["charlie"], portrait_asset(charlie_team, project=charlie_project)
    )
    for captioned in (w.render, w.foreign_render):
        Caption.objects.create(
            render=captioned,
            source=CaptionSource.ALIGNED,
            cues=[{"start": 0.0, "end": 1.5, "text": "Hello world."}],
        )
    w.export = VideoExport.objects.create(
        render=w.render, ai_label=True, label_text="AI-generated", state=ExportState.READY
    )
    w.export.file.save("export.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + b"e" * 500))
    new_link = {
        "project": w.project,
        "created_by": w.alice,
        "label": "ACME",
        "renders": [w.render, w.version2],
    }
    _, valid = sharelink_create(**new_link, allow_feedback=True)
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
    w.webhook = Webhook.objects.create(
        team=w.team, name="CRM", url="https://hooks.example.com/in", events=["render.done"]
    )
    w.delivery = WebhookDelivery.objects.create(
        webhook=w.webhook, event="test", payload={"event": "test"}, state="delivered"
    )
    return w


def client_for(world, principal):
    client = Client()
    if principal in world.users:
        client.force_login(world.users[principal])
    elif principal in LINK_HOLDERS:
        # Having opened a share page gives nothing beyond it.
        client.get(f"/s/{world.tokens[principal]}/")
    return client
