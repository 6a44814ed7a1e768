"""Media in a private bucket of an S3-compatible server over HTTP (moto's
server, tests/s3/conftest.py): uploads and archived videos go into the
bucket, are read back from it, and are served by a short-lived signed
redirect after the view's access check; the bucket answers ranges itself and
nothing without a valid signature."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.files.storage import default_storage

from projects.models import Asset, RenderStatus
from projects.renders.services import render_create
from projects.renders.submission import stored_bytes
from projects.sharing.services import sharelink_create
from tests.commands.conftest import Run
from tests.conftest import login_as
from tests.factories import portrait_asset, voiceover_asset
from tests.renders.conftest import follow
from tests.sharing.conftest import VIDEO_BYTES, WATERMARKED_BYTES, done_render


def signed_redirect(response, s3_server, bucket):
    """The bucket address a media view redirected to, checked to be signed,
    short-lived and never cached (members: "private, no-store", links: "no-store");
    and its query."""
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    location = response["Location"]
    assert location.startswith(f"{s3_server.endpoint}/{bucket}/")
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert 0 < int(query["X-Amz-Expires"][0]) <= 300
    return location, query


def test_a_render_is_archived_into_the_bucket_and_played_through_signed_redirects(
    s3_media, s3_server, client, team, project, alice, charlie, studio_sandbox, enqueued
):
    portrait = portrait_asset(team, project=project)
    voiceover = voiceover_asset(team, project=project, seconds=2.0)
    render = follow(
        render_create(project=project, created_by=alice, portrait=portrait, voiceover=voiceover)
    )
    assert render.status == RenderStatus.DONE, render.failure_reason
    stored = s3_server.keys(s3_media)
    for field in (portrait.file, voiceover.file, render.video, render.poster):
        assert field.name in stored
    # What the worker sent to Kling and what it archived, read back from the bucket.
    bucket_object = s3_server.client.get_object(Bucket=s3_media, Key=portrait.file.name)
    assert stored_bytes(portrait.file) == bucket_object["Body"].read()
    video = stored_bytes(render.video)
    assert video[4:8] == b"ftyp"
    assert s3_server.client.head_object(Bucket=s3_media, Key=render.video.name)[
        "ContentLength"
    ] == len(video)

    login_as(client, alice, team)
    location, query = signed_redirect(
        client.get(f"/renders/{render.code}/video/"), s3_server, s3_media
    )
    assert query["response-content-type"] == ["video/mp4"]
    assert query["response-content-disposition"][0].startswith("inline;")
    # The browser asks the bucket for ranges, as it seeks.
    middle = requests.get(location, headers={"Range": "bytes=100-1099"}, timeout=10)
    assert middle.status_code == 206
    assert middle.content == video[100:1100]
    assert middle.headers["Content-Range"] == f"bytes 100-1099/{len(video)}"
    assert middle.headers["Content-Type"] == "video/mp4"
    tail = requests.get(location, headers={"Range": "bytes=-10"}, timeout=10)
    assert (tail.status_code, tail.content) == (206, video[-10:])
    whole = requests.get(location, timeout=10)
    assert (whole.status_code, whole.content) == (200, video)

    download = client.get(f"/renders/{render.code}/video/?download=1")
    _, query = signed_redirect(download, s3_server, s3_media)
    assert query["response-content-disposition"][0].startswith("attachment;")
    photo, _ = signed_redirect(client.get(f"/assets/{portrait.code}/file/"), s3_server, s3_media)
    assert requests.get(photo, timeout=10).content == stored_bytes(portrait.file)
    # Pages may load media from the bucket, and nothing else from it.
    policy = client.get(render.get_absolute_url())["Content-Security-Policy"]
    assert f"media-src 'self' blob: data: {s3_server.endpoint}" in policy
    assert f"img-src 'self' blob: data: {s3_server.endpoint}" in policy
    assert s3_server.endpoint not in policy.split("script-src")[1].split(";")[0]

    # Access is checked before any address is handed out.
    login_as(client, charlie)
    assert client.get(f"/renders/{render.code}/video/").status_code == 404
    client.logout()
    assert client.get(f"/renders/{render.code}/video/").status_code == 302
    assert "/accounts/login/" in client.get(f"/renders/{render.code}/video/")["Location"]


def test_the_bucket_serves_nothing_without_a_valid_unexpired_signature(
    s3_media, s3_server, project, alice
):
    render = done_render(project, alice)
    signed = default_storage.url(render.video.name)
    assert requests.get(signed, timeout=10).content == VIDEO_BYTES

    plain = requests.get(f"{s3_server.endpoint}/{s3_media}/{render.video.name}", timeout=10)
    assert plain.status_code == 403
    assert VIDEO_BYTES[:20] not in plain.content
    altered = signed.replace("X-Amz-Signature=", "X-Amz-Signature=0")
    assert requests.get(altered, timeout=10).status_code == 403
    other_object = signed.replace(render.video.name, render.watermarked_video.name)
    assert requests.get(other_object, timeout=10).status_code == 403
    inline = default_storage.url(
        render.video.name, parameters={"ResponseContentDisposition": "inline"}
    )
    as_download = inline.replace("inline", "attachment")
    assert requests.get(as_download, timeout=10).status_code == 403
    short = default_storage.url(render.video.name, expire=1)
    time.sleep(2.1)
    expired = requests.get(short, timeout=10)
    assert expired.status_code == 403
    assert b"Request has expired" in expired.content


@pytest.mark.parametrize("allow_download", [False, True])
def test_share_links_redirect_to_the_copy_they_may_show(
    s3_media, s3_server, client, project, alice, allow_download
):
    render = done_render(project, alice)
    link, token = sharelink_create(
        project=project,
        created_by=alice,
        label="For ACME",
        renders=[render],
        allow_download=allow_download,
        # The video itself: the labelled copy a link downloads has its own tests.
        ai_label=False,
    )
    watched = client.get(f"/s/{token}/renders/{render.code}/video/")
    location, query = signed_redirect(watched, s3_server, s3_media)
    assert query["response-content-disposition"][0].startswith("inline;")
    played = requests.get(location, headers={"Range": "bytes=0-15"}, timeout=10)
    assert played.status_code == 206
    # A watch-only link plays the watermarked copy, and never as a file to save.
    expected = VIDEO_BYTES if allow_download else WATERMARKED_BYTES
    assert played.content == expected[:16]
    saved = client.get(f"/s/{token}/renders/{render.code}/video/?download=1")
    if allow_download:
        _, query = signed_redirect(saved, s3_server, s3_media)
        assert query["response-content-disposition"][0].startswith("attachment;")
    else:
        assert saved.status_code == 403
        assert "Location" not in saved


def test_a_refused_row_deletes_the_files_it_had_put_in_the_bucket(
    s3_media, s3_server, project, files, enqueued, django_capture_on_commit_callbacks
):
    # With versioning on, a deleted object leaves its version and a delete marker.
    s3_server.client.put_bucket_versioning(
        Bucket=s3_media, VersioningConfiguration={"Status": "Enabled"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = Run(
            "enqueue_renders",
            "--project",
            str(project.code),
            "--portrait",
            str(files.portrait("good.png")),
            "--portrait",
            str(files.portrait("tiny.png", width=200, height=240)),
            "--voiceover",
            str(files.voiceover()),
        )
    assert str(result.error) == "Nothing was queued."
    # The good portrait went into the bucket (the row stops at the tiny one,
    # before its voiceover), then was deleted from it with the refused row.
    assert Asset.objects.count() == 0
    assert s3_server.keys(s3_media) == []
    history = s3_server.client.list_object_versions(Bucket=s3_media)
    uploaded = {version["Key"] for version in history["Versions"]}
    deleted = {marker["Key"] for marker in history["DeleteMarkers"]}
    assert len(uploaded) == 1
    assert deleted == uploaded
