"""A signing that fails leaves the video done, saved unsigned and flagged in
plain words (never the key's path or contents); the sweep signs it later."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django_q.models import Schedule

from projects import tasks
from projects.credentials.archive import sign_due
from projects.credentials.devchain import make_chain
from projects.credentials.signing import read_credentials
from projects.models import CredentialsState, RenderStatus
from tests.credentials.conftest import flip_bytes_in_mdat, follow

SECRET_KEY_TEXT = (
    "-----BEGIN PRIVATE KEY-----\nTHIS-IS-THE-SECRET-PART\n-----END PRIVATE KEY-----\n"
)


@pytest.fixture
def unreadable_key(settings, tmp_path):
    """A key file that cannot be read: its path is a folder."""
    folder = tmp_path / "private-signer-key.pem"
    folder.mkdir()
    settings.C2PA_SIGNING_CERT = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"
    settings.C2PA_SIGNING_KEY_FILE = str(folder)
    return folder


def _retry_all(render):
    return sign_due(now=render.credentials_retry_at + timedelta(seconds=1))


def test_an_unreadable_key_leaves_the_video_done_and_flagged(
    studio_sandbox, make_render, outside, unreadable_key
):
    render = follow(make_render(watermark=True))
    assert render.status == RenderStatus.DONE
    assert render.video and render.watermarked_video
    assert render.credentials_state == CredentialsState.PENDING
    assert render.credentials_error == "The signing key file could not be read."
    assert render.credentials_retry_at > render.credentials_checked_at
    assert render.credentials_attempts == 1
    assert str(unreadable_key) not in render.credentials_error
    # Saved as Kling made it: no manifest yet.
    assert read_credentials(Path(render.video.path)).verdict == "missing"


def test_the_sweep_signs_it_once_the_key_is_fixed(
    studio_sandbox, make_render, outside, unreadable_key, settings
):
    render = follow(make_render(watermark=True))
    unsigned = Path(render.video.path)
    assert sign_due(now=render.credentials_retry_at - timedelta(seconds=1)) == 0
    # Still broken at the first retry: it waits longer.
    assert _retry_all(render) == 1
    render.refresh_from_db()
    assert render.credentials_state == CredentialsState.PENDING
    assert render.credentials_attempts == 2
    assert render.credentials_retry_at - render.credentials_checked_at == timedelta(
        seconds=settings.C2PA_RETRY_DELAYS[1]
    )

    settings.C2PA_SIGNING_CERT = settings.C2PA_SIGNING_KEY_FILE = ""  # the development chain
    assert _retry_all(render) == 1
    render.refresh_from_db()
    assert render.status == RenderStatus.DONE
    assert render.credentials_state == CredentialsState.SELF_SIGNED
    assert render.credentials_error == "" and render.credentials_retry_at is None
    for field, copy in ((render.video, "clean"), (render.watermarked_video, "watermarked")):
        found = read_credentials(Path(field.path))
        assert found.valid and found.summary["copy"] == copy
    assert Path(render.video.path) != unsigned and not unsigned.exists()


def test_a_key_that_is_not_a_key_is_never_quoted(
    studio_sandbox, make_render, outside, settings, caplog
):
    settings.C2PA_SIGNING_CERT = make_chain()[1].decode()
    settings.C2PA_SIGNING_KEY = SECRET_KEY_TEXT
    render = follow(make_render())
    assert render.status == RenderStatus.DONE
    assert render.credentials_state == CredentialsState.PENDING
    assert render.credentials_error == "The signing key is not an unencrypted PEM private key."
    assert "SECRET-PART" not in caplog.text


def test_a_stored_video_changed_after_signing_is_flagged_invalid(archived):
    flip_bytes_in_mdat(Path(archived.video.path))
    archived.record_credentials(CredentialsState.PENDING, now=archived.finished_at)
    assert sign_due(now=archived.finished_at + timedelta(minutes=1)) == 1
    archived.refresh_from_db()
    assert archived.credentials_state == CredentialsState.INVALID
    assert archived.credentials_error == (
        "The saved clean copy: the video was changed after it was signed."
    )
    assert archived.credentials_retry_at is None


def test_the_sweep_runs_every_minute_from_the_schedule(db):
    call_command("setup_schedules", stdout=io.StringIO())
    schedule = Schedule.objects.get(name="sign-credentials")
    assert (schedule.func, schedule.schedule_type, schedule.minutes) == (
        "projects.tasks.sign_credentials",
        Schedule.MINUTES,
        1,
    )
    assert tasks.sign_credentials() == 0
