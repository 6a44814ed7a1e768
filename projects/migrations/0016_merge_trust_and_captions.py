# Joins the migrations made side by side on 2026-11-27 for issues #16 and #17.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0015_audit_kinds"),
        ("projects", "0015_caption_edits"),
        ("projects", "0015_content_credentials"),
        ("projects", "0015_portrait_consent"),
    ]

    operations = []
