"""The audit trail's own rules: entries are written only inside the change's
transaction, and nothing in the app can change or delete one."""

import pytest
from django.db import transaction

from projects.audit.log import OPERATOR, audit
from projects.models import AuditEntry, AuditKind

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_entry_is_written_inside_a_transaction_and_names_its_actor(alice, team):
    with transaction.atomic():
        entry = audit(team, AuditKind.BUDGET_CHANGED, user=alice, summary="Team: none → 500")
    entry.refresh_from_db()
    assert entry.actor == alice and alice.email in entry.actor_name
    assert entry.summary == "Team: none → 500"


def test_an_entry_outside_a_transaction_is_refused(team):
    with pytest.raises(RuntimeError):
        audit(team, AuditKind.BUDGET_CHANGED, actor_name=OPERATOR)
    assert not AuditEntry.objects.filter(kind=AuditKind.BUDGET_CHANGED).exists()


def test_an_unknown_kind_is_refused(team):
    with transaction.atomic(), pytest.raises(ValueError):
        audit(team, "team.exploded", actor_name=OPERATOR)


def test_entries_cannot_be_changed_or_deleted(team):
    with transaction.atomic():
        entry = audit(team, AuditKind.TEAM_CHANGED, actor_name=OPERATOR, summary="x")
    entry.summary = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).summary == "x"


def test_the_admin_shows_entries_read_only(client, team, django_user_model):
    staff = django_user_model.objects.create_superuser("root@example.org", "root@example.org", "pw")
    with transaction.atomic():
        entry = audit(team, AuditKind.TEAM_CHANGED, actor_name=OPERATOR, summary="x")
    client.force_login(staff)
    page = client.get(f"/admin/projects/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and b'name="summary"' not in page.content
    assert client.post(f"/admin/projects/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/projects/auditentry/add/").status_code == 403
