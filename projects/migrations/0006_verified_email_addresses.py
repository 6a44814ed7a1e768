"""Everyone who had an account before allauth keeps it: their e-mail address
becomes a verified, primary allauth EmailAddress, so that the mandatory
verification does not stop them at their next log-in. Passwords are not
touched (allauth checks them with Django's hashers, as before).

Addresses are compared without case. Should two accounts share one (only the
admin could make that), the one used most recently gets the verified address;
the other's stays unverified and its owner is asked to confirm it."""

from django.conf import settings
from django.db import migrations
from django.db.models import F


def verify_existing_addresses(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    EmailAddress = apps.get_model("account", "EmailAddress")
    verified_emails = EmailAddress.objects.filter(verified=True).values_list("email", flat=True)
    taken = {email.lower() for email in verified_emails}
    users = User.objects.exclude(email="").order_by(F("last_login").desc(nulls_last=True), "pk")
    for user in users.iterator():
        email = user.email.strip().lower()
        if not email:
            continue
        verified = email not in taken
        address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        if address is None:
            has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
            address = EmailAddress.objects.create(
                user=user, email=email, verified=verified, primary=not has_primary
            )
        elif verified and not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
        if address.verified:
            taken.add(email)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_team_require_mfa"),
        ("account", "0009_emailaddress_unique_primary_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(verify_existing_addresses, migrations.RunPython.noop),
    ]
