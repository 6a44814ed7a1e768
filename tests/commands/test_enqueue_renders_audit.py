"""`manage.py enqueue_renders` writes the audit trail as the operator."""

from projects.audit.log import OPERATOR
from projects.models import AuditEntry, AuditKind, Render
from tests.commands.conftest import Run


def test_the_uploads_and_videos_it_makes_name_the_operator(
    project, files, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = Run(
            "enqueue_renders",
            "--project",
            project.code,
            "--portrait",
            files.portrait(),
            "--voiceover",
            files.voiceover(),
            "--consent",
            "Ada Example",
        )
    assert result.error is None
    entries = AuditEntry.objects.exclude(kind=AuditKind.TEAM_CHANGED).order_by("id")
    assert [e.kind for e in entries] == [
        AuditKind.ASSET_UPLOADED,
        AuditKind.ASSET_UPLOADED,
        AuditKind.CONSENT_GIVEN,
        AuditKind.RENDER_CREATED,
    ]
    assert all(e.actor_name.startswith(OPERATOR) for e in entries)
    assert entries.last().target_code == str(Render.objects.get().code)
    assert entries.last().summary == "Portrait “face.png”, voiceover “voice.mp3”"
