from datetime import timedelta

from django.db import migrations, models
from django.db.models import F


def move_the_retry_clock(apps, schema_editor):
    """Archiving used to keep its retry time in claimed_at (retry at
    claimed_at + 5 minutes); it has a field of its own now."""
    Render = apps.get_model("projects", "Render")
    Render.objects.filter(status="archiving", claimed_at__isnull=False).update(
        archive_retry_at=F("claimed_at") + timedelta(minutes=5), claimed_at=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_reviews_sharing_invites"),
    ]

    operations = [
        migrations.AddField(
            model_name="render",
            name="archive_retry_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Archiving is not tried again before this (a worker's claim, or a wait after a failed try).",
                null=True,
            ),
        ),
        migrations.RunPython(move_the_retry_clock, migrations.RunPython.noop),
    ]
