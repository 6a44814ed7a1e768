# Joins the migrations made side by side on 2026-11-27 for issues #16 and #17.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0015_audit_kinds"),
        ("projects", "0015_caption_edits"),
        ("projects", "0015_content_credentials"),
        ("projects", "0015_portrait_consent"),
        ("projects", "0015_video_exports"),
    ]

    # The audit kinds that two of them added (member.uninvited, export.requested).
    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("asset.uploaded", "Upload added"),
                    ("asset.changed", "Upload renamed or tagged"),
                    ("asset.removed", "Upload removed"),
                    ("consent.given", "Consent recorded"),
                    ("consent.withdrawn", "Consent withdrawn"),
                    ("render.created", "Video made"),
                    ("render.canceled", "Video canceled"),
                    ("render.retried", "Video retried"),
                    ("render.renamed", "Video renamed"),
                    ("render.released", "Held video sent"),
                    ("review.changed", "Review"),
                    ("comment.added", "Comment"),
                    ("client.feedback", "Client feedback"),
                    ("captions.changed", "Captions changed"),
                    ("export.requested", "Download prepared"),
                    ("link.created", "Share link made"),
                    ("link.changed", "Share link changed"),
                    ("link.revoked", "Share link turned off"),
                    ("project.created", "Project made"),
                    ("project.changed", "Project changed"),
                    ("member.invited", "Person invited"),
                    ("member.uninvited", "Invitation withdrawn"),
                    ("member.joined", "Person joined"),
                    ("member.role", "Role changed"),
                    ("member.removed", "Person removed or left"),
                    ("team.changed", "Team settings changed"),
                    ("budget.changed", "Budget changed"),
                    ("webhook.changed", "Webhook changed"),
                ],
                max_length=32,
            ),
        ),
    ]
