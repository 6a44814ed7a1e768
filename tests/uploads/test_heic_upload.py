"""An iPhone's HEIC photo uploaded on a project page becomes a JPEG portrait,
and the page says which formats are converted."""

import io

import pillow_heif
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projects.models import Asset, AssetKind
from tests.conftest import login_as

JSON = {"HTTP_ACCEPT": "application/json"}


def heic_bytes(width, height):
    """A real HEIC file (HEVC inside), written by pillow-heif directly: whether
    Pillow can open it is left to the app, which registers pillow-heif itself."""
    image = Image.new("RGB", (width, height), (200, 120, 90))
    image.paste((40, 60, 160), (0, 0, width // 2, height))
    buffer = io.BytesIO()
    pillow_heif.from_pillow(image).save(buffer)
    assert buffer.getvalue()[4:12] == b"ftypheic"
    return buffer.getvalue()


def upload(client, project, name, data):
    return client.post(
        f"/projects/{project.code}/upload/",
        {"file": SimpleUploadedFile(name, data, "image/heic")},
        **JSON,
    )


def test_a_heic_photo_is_kept_as_a_jpeg_with_a_note(client, alice, project):
    login_as(client, alice)

    response = upload(client, project, "IMG_0001.HEIC", heic_bytes(600, 800))

    assert response.status_code == 200
    reply = response.json()
    assert reply["ok"] and reply["asset"]["kind"] == "portrait"
    assert reply["asset"]["notes"] == ["We converted this HEIC image to JPEG, which Kling accepts."]
    asset = Asset.objects.get()
    assert (asset.kind, asset.format, asset.extension, asset.content_type) == (
        AssetKind.PORTRAIT,
        "jpeg",
        "jpg",
        "image/jpeg",
    )
    assert (asset.width, asset.height, asset.label) == (600, 800, "IMG_0001.HEIC")
    assert asset.notes == reply["asset"]["notes"]
    served = client.get(f"/assets/{asset.code}/file/?download=1")
    assert served["Content-Type"] == "image/jpeg"
    assert 'filename="IMG_0001.jpg"' in served["Content-Disposition"]
    assert b"".join(served.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_heic_too_small_for_kling_is_refused_and_nothing_is_kept(client, alice, project):
    login_as(client, alice)

    response = upload(client, project, "tiny.heic", heic_bytes(200, 300))

    assert response.status_code == 400
    assert response.json()["error"].startswith("This photo is 200 × 300 pixels;")
    assert not Asset.objects.exists()


def test_the_upload_panel_says_heic_is_converted_and_lets_people_pick_it(client, alice, project):
    login_as(client, alice)

    html = client.get(f"/projects/{project.code}/").content.decode()

    assert "We convert WebP, GIF and HEIC photos" in html
    accept = html.split('id="upload-input"')[1].split('accept="')[1].split('"')[0]
    assert {"image/heic", "image/heif", ".heic", ".heif"} <= set(accept.split(","))
