"""Uploading portraits and voiceovers from a project page, and fetching them."""

from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import Asset, AssetKind
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.factories import mp3_path, png_bytes, portrait_asset

JSON = {"HTTP_ACCEPT": "application/json"}


def upload(client, project, name, data, content_type="application/octet-stream"):
    return client.post(
        f"/projects/{project.code}/upload/",
        {"file": SimpleUploadedFile(name, data, content_type)},
        **JSON,
    )


def test_a_portrait_upload_is_measured_and_kept_under_a_generated_name(client, alice, project):
    login_as(client, alice)
    response = upload(client, project, "Our CEO.png", png_bytes(600, 800))
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["asset"]["kind"] == "portrait"
    asset = Asset.objects.get()
    assert (asset.width, asset.height, asset.format, asset.label) == (
        600,
        800,
        "png",
        "Our CEO.png",
    )
    assert asset.project == project and asset.uploaded_by == alice
    assert "CEO" not in asset.file.name and asset.file.name.endswith(".png")


def test_a_voiceover_upload_is_measured(client, alice, project):
    login_as(client, alice)
    response = upload(client, project, "voice.mp3", mp3_path(3.0).read_bytes())
    assert response.json()["ok"]
    asset = Asset.objects.get()
    assert asset.kind == AssetKind.VOICEOVER
    assert abs(asset.duration - 3.0) < 0.1


def test_the_same_file_twice_reuses_the_first(client, alice, project):
    login_as(client, alice)
    data = png_bytes(400, 400)
    upload(client, project, "a.png", data)
    second = upload(client, project, "copy of a.png", data).json()
    assert second["asset"]["reused"] is True
    assert Asset.objects.count() == 1


def test_a_refusal_is_one_sentence_with_the_numbers_and_changes_nothing(client, alice, project):
    login_as(client, alice)
    response = upload(client, project, "small.png", png_bytes(280, 420))
    assert response.status_code == 400
    assert response.json()["error"].startswith(
        "This photo is 280 × 420 pixels; Kling needs at least 300 pixels on each side."
    )
    assert not Asset.objects.exists()


def test_an_html_file_named_png_is_refused(client, alice, project):
    login_as(client, alice)
    response = upload(client, project, "evil.png", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 400
    assert "neither a photo nor a sound file" in response.json()["error"]
    assert not Asset.objects.exists()


def test_an_empty_upload_is_refused_plainly(client, alice, project):
    login_as(client, alice)
    assert upload(client, project, "x.png", b"").json()["error"] == "This file is empty."
    response = client.post(f"/projects/{project.code}/upload/", {}, **JSON)
    assert response.json()["error"] == "Choose a file to upload."


def test_without_javascript_an_upload_redirects_with_a_message(client, alice, project):
    login_as(client, alice)
    response = client.post(
        f"/projects/{project.code}/upload/",
        {"file": SimpleUploadedFile("small.png", png_bytes(100, 100))},
        follow=True,
    )
    assert "Kling needs at least 300 pixels" in response.content.decode()


def test_a_viewer_cannot_upload(client, bob, team, project):
    set_role(bob, team, Role.VIEWER)
    login_as(client, bob, team)
    assert upload(client, project, "a.png", png_bytes()).status_code == 403
    assert not Asset.objects.exists()


def test_an_outsider_cannot_upload_or_fetch_another_teams_media(client, charlie, team, project):
    asset = portrait_asset(team, project=project)
    login_as(client, charlie)
    assert upload(client, project, "a.png", png_bytes()).status_code == 404
    assert client.get(f"/assets/{asset.code}/file/").status_code == 404
    assert client.post(f"/assets/{asset.code}/delete/").status_code == 404


def test_media_is_served_with_safe_headers(client, alice, team, project):
    asset = portrait_asset(team, project=project, label="Portrait of Ana.png")
    login_as(client, alice)
    response = client.get(f"/assets/{asset.code}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('inline; filename="Portrait of Ana.png"')
    assert b"".join(response.streaming_content)[:4] == b"\x89PNG"
    download = client.get(f"/assets/{asset.code}/file/?download=1")
    assert download["Content-Disposition"].startswith("attachment;")


def test_media_answers_byte_ranges(client, alice, team, project):
    asset = portrait_asset(team, project=project)
    login_as(client, alice)
    response = client.get(f"/assets/{asset.code}/file/", HTTP_RANGE="bytes=0-3")
    assert response.status_code == 206
    assert response["Content-Range"].startswith("bytes 0-3/")
    assert b"".join(response.streaming_content) == b"\x89PNG"
    bad = client.get(f"/assets/{asset.code}/file/", HTTP_RANGE="bytes=999999999-")
    assert bad.status_code == 416


def test_anonymous_people_cannot_fetch_media(client, team, project):
    asset = portrait_asset(team, project=project)
    response = client.get(f"/assets/{asset.code}/file/")
    assert response.status_code == 302


def test_a_deleted_asset_leaves_the_library_but_not_old_renders(client, alice, team, project):
    asset = portrait_asset(team, project=project)
    login_as(client, alice)
    client.post(f"/assets/{asset.code}/delete/")
    asset.refresh_from_db()
    assert asset.deleted_at is not None
    page = client.get(f"/projects/{project.code}/").content.decode()
    assert f'value="{asset.code}"' not in page
    # Its file is no longer served (issue #12); the pages of videos made with it
    # say so: tests/security/test_deleted_assets.py.
    assert client.get(f"/assets/{asset.code}/file/").status_code == 404
