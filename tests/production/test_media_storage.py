"""Media on local disk or in an S3-compatible bucket, always served through
access-checked views."""

import json
import os

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.utils._os import safe_join

from projects.models import RenderStatus
from projects.renders.services import render_create
from tests.conftest import login_as
from tests.factories import portrait_asset, voiceover_asset
from tests.production.conftest import manage, read_settings, run_python
from tests.renders.conftest import follow


class StorageWithoutPaths(InMemoryStorage):
    """No local files, like S3."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):
        # InMemoryStorage's own bookkeeping went through path().
        return os.path.relpath(safe_join(self.location, name), self.location)


@pytest.fixture
def storage_without_paths(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.StorageWithoutPaths"},
    }
    with pytest.raises(NotImplementedError):
        default_storage.path("anything")


def test_a_render_is_submitted_archived_and_served_without_local_paths(
    storage_without_paths, client, team, project, alice, charlie, studio_sandbox, enqueued
):
    portrait = portrait_asset(team, project=project)
    voiceover = voiceover_asset(team, project=project, seconds=2.0)
    render = render_create(
        project=project, created_by=alice, portrait=portrait, voiceover=voiceover
    )
    render = follow(render)
    assert render.status == RenderStatus.DONE, render.failure_reason
    assert default_storage.exists(render.video.name)
    created = [c for c in studio_sandbox.creates() if c["outcome"] == "created"]
    assert [c["external_task_id"] for c in created] == [render.external_task_id]

    login_as(client, alice, team)
    video = client.get(f"/renders/{render.code}/video/")
    assert video.status_code == 200
    assert b"".join(video.streaming_content)[4:8] == b"ftyp"
    photo = client.get(f"/assets/{portrait.code}/file/")
    assert b"".join(photo.streaming_content) == portrait.file.open("rb").read()
    # Served only to the team.
    login_as(client, charlie)
    assert client.get(f"/renders/{render.code}/video/").status_code == 404


def test_a_portrait_missing_from_storage_fails_the_render_with_a_plain_reason(
    project, alice, team, studio_sandbox, enqueued
):
    portrait = portrait_asset(team, project=project)
    render = render_create(
        project=project,
        created_by=alice,
        portrait=portrait,
        voiceover=voiceover_asset(team, project=project, seconds=2.0),
    )
    portrait.file.storage.delete(portrait.file.name)
    render = follow(render)
    assert render.status == RenderStatus.FAILED
    assert render.failure_reason == "A file of this video is missing from storage. Upload it again."
    assert studio_sandbox.creates() == []


def test_media_is_on_local_disk_by_default(tmp_path):
    s = read_settings(tmp_path, ["STORAGES", "MEDIA_STORAGE"])
    assert s["MEDIA_STORAGE"] == "local"
    assert s["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")


S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "studio-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.net",
    "AWS_S3_REGION_NAME": "eu-central-1",
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
}

PRINT_STORAGE = """
import json, django
django.setup()
from django.core.files.storage import storages
s = storages["default"]
print(json.dumps({
    "class": type(s).__name__,
    "bucket": s.bucket_name,
    "endpoint": s.endpoint_url,
    "region": s.region_name,
    "access_key": s.access_key,
    "secret_key": s.secret_key,
    "acl": s.default_acl,
    "overwrite": s.file_overwrite,
    "signed": s.querystring_auth,
}))
"""


def test_s3_storage_is_configured_from_the_environment(tmp_path):
    secret = tmp_path / "s3-secret"
    secret.write_text("s3-secret-from-a-file\n")
    out = run_python(tmp_path, PRINT_STORAGE, AWS_SECRET_ACCESS_KEY_FILE=str(secret), **S3_ENV)
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout.strip().splitlines()[-1])
    assert s == {
        "class": "S3Storage",
        "bucket": "studio-media",
        "endpoint": "https://s3.example.net",
        "region": "eu-central-1",
        "access_key": "AKIDEXAMPLE",
        "secret_key": "s3-secret-from-a-file",
        "acl": "private",
        "overwrite": False,
        "signed": True,
    }


def test_s3_without_a_bucket_stops_with_a_clear_message(tmp_path):
    env = {k: v for k, v in S3_ENV.items() if k != "AWS_STORAGE_BUCKET_NAME"}
    result = manage(tmp_path, "check", **env)
    assert result.returncode != 0
    assert "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME." in result.stderr


def test_an_unknown_media_storage_stops_with_a_clear_message(tmp_path):
    result = manage(tmp_path, "check", MEDIA_STORAGE="dropbox")
    assert result.returncode != 0
    assert "MEDIA_STORAGE must be 'local' or 's3'." in result.stderr
