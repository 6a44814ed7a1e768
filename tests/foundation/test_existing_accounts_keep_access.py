"""Accounts made before allauth keep working: the data migration records each
address as verified, so mandatory verification does not stop anyone, and the
passwords they had still open their accounts."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from projects.models import User
from tests.conftest import PASSWORD, log_in

BEFORE = ("projects", "0005_team_require_mfa")
AFTER = ("projects", "0006_verified_email_addresses")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.fixture
def before_allauth(transactional_db, settings):
    # Production's hasher: the hashes people have today.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    migrate(BEFORE)
    yield
    # Later tests need the whole schema back, whatever migrations came since.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def old_account(email, **fields):
    # What the hand-written sign-up made: username = address, a PBKDF2 hash.
    return User.objects.create(
        username=email.lower() or f"user-{User.objects.count()}",
        email=email,
        password=make_password(PASSWORD, hasher="pbkdf2_sha256"),
        **fields,
    )


def test_everyone_keeps_access_after_the_migration(before_allauth, client):
    old = old_account("Olga@Example.org", first_name="Olga")
    nameless = old_account("")
    migrate(AFTER)

    address = EmailAddress.objects.get(user=old)
    assert (address.email, address.verified, address.primary) == ("olga@example.org", True, True)
    assert not EmailAddress.objects.filter(user=nameless).exists()
    # Log in with today's whole schema, as the site runs after every migration.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    response = log_in(client, "olga@example.org")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(old.pk)


def test_a_shared_address_is_verified_for_the_account_used_last(before_allauth):
    earlier = old_account("Shared@Example.org", last_login=timezone.now() - timezone.timedelta(9))
    later = User.objects.create(
        username="someone-else", email="shared@example.org", last_login=timezone.now()
    )
    migrate(AFTER)
    assert EmailAddress.objects.get(user=later).verified
    assert not EmailAddress.objects.get(user=earlier).verified


def test_the_migration_can_run_twice_without_duplicates(before_allauth):
    old = old_account("twice@example.org")
    migrate(AFTER)
    migrate(BEFORE)
    migrate(AFTER)
    assert EmailAddress.objects.filter(user=old).count() == 1
