"""Entries written by flows that no POST of tests/url_table.py reaches
directly: a held video going on by itself, joining by an invitation, and a
webhook that turns itself off (the operator's command:
tests/commands/test_enqueue_renders_audit.py)."""

from django.utils import timezone

from projects.models import AssetKind, AuditEntry, AuditKind, RenderStatus, Webhook
from projects.renders.holds import resume_held
from projects.teams.invites import invite_accept, invite_create
from projects.teams.roles import Role
from projects.webhooks.disabling import turn_off
from tests.grid.conftest import light_asset, render


def test_a_held_video_that_goes_on_by_itself_is_recorded_as_the_studio(team, project):
    portrait = light_asset(team, AssetKind.PORTRAIT, "anna.png")
    held = render(project, portrait, script="Hi.", voice_id="x", status=RenderStatus.HELD)
    assert resume_held(team=team) == 1
    entry = AuditEntry.objects.get(kind=AuditKind.RENDER_RELEASED)
    assert entry.actor is None and entry.actor_name == "Avatar Studio"
    assert entry.target_code == str(held.code) and entry.project == project
    assert "budget allows it" in entry.summary


def test_joining_by_an_invitation_is_recorded_by_the_person_who_joins(team, alice, charlie):
    invite, _ = invite_create(team=team, created_by=alice, role=Role.EDITOR)
    invite_accept(invite=invite, user=charlie)
    invited = AuditEntry.objects.get(kind=AuditKind.MEMBER_INVITED)
    joined = AuditEntry.objects.get(kind=AuditKind.MEMBER_JOINED)
    assert invited.actor == alice and "As editor, for 7 days" == invited.summary
    assert joined.actor == charlie and joined.team == team
    assert joined.summary == "Joined as editor by an invitation"


def test_a_webhook_that_turns_itself_off_is_recorded_as_the_studio(team):
    webhook = Webhook.objects.create(
        team=team, name="CRM", url="https://hooks.example.com/T0/secret", events=["render.done"]
    )
    assert turn_off(webhook, "It kept failing.", timezone.now())
    entry = AuditEntry.objects.get(kind=AuditKind.WEBHOOK_CHANGED)
    assert entry.actor is None and "by itself" in entry.summary
    assert entry.target == "“CRM” (webhook to hooks.example.com)"
