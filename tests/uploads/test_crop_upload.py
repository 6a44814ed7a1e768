"""Uploading a portrait with the frame chosen in the browser's crop step: the
original file and the frame (crop_x, crop_y, crop_width, crop_height, in pixels
of the photo as shown). The frame is untrusted: anything unusable is one plain
refusal, never a 500, and nothing is stored."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projects.assets.uploads import crop_from_post
from projects.models import Asset
from tests.conftest import login_as
from tests.factories import mp3_path

JSON = {"HTTP_ACCEPT": "application/json"}
ASPECT_REFUSAL = (
    "This photo is 3000 × 800 pixels (3.8:1); Kling needs an aspect ratio between 1:2.5 and"
    " 2.5:1. Try cropping it closer to a square."
)


def panorama_bytes(width=3000, height=800):
    image = Image.new("RGB", (width, height), (40, 90, 160))
    image.paste((230, 190, 160), (width // 3, 0, 2 * width // 3, height))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


PANORAMA = panorama_bytes()


def upload(client, project, data=PANORAMA, name="beach.png", **fields):
    return client.post(
        f"/projects/{project.code}/upload/",
        {"file": SimpleUploadedFile(name, data, "image/png"), **fields},
        **JSON,
    )


def frame(x, y, width, height):
    return {"crop_x": x, "crop_y": y, "crop_width": width, "crop_height": height}


def stored_files(settings):
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_panorama_with_a_frame_is_cropped_and_kept(client, alice, project):
    login_as(client, alice)
    response = upload(client, project, **frame(500, 0, 2000, 800))
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["asset"]["kind"] == "portrait"
    assert body["asset"]["notes"] == ["We cropped it to 2000 × 800 pixels as you chose."]
    asset = Asset.objects.get()
    assert (asset.width, asset.height, asset.label) == (2000, 800, "beach.png")
    with asset.file.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (2000, 800)
        assert image.getpixel((0, 400)) == (40, 90, 160)  # the left band, from x = 500
        assert image.getpixel((1000, 400)) == (230, 190, 160)  # the middle band
    assert asset.notes == ["We cropped it to 2000 × 800 pixels as you chose."]


def test_without_a_frame_the_refusal_is_unchanged(client, alice, project, settings):
    login_as(client, alice)
    for fields in ({}, frame("", "", "", "")):
        response = upload(client, project, **fields)
        assert response.status_code == 400
        assert response.json() == {"ok": False, "error": ASPECT_REFUSAL}
    assert not Asset.objects.exists() and stored_files(settings) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"crop_x": "500"},  # some of the fields only
        frame(500, 0, 2000, ""),
        frame("NaN", 0, 2000, 800),
        frame(500, 0, "Infinity", 800),
        frame("1.5", 0, 2000, 800),
        frame("1e3", 0, 2000, 800),
        frame(" 500", 0, 2000, 800),
        frame("5_00", 0, 2000, 800),
        frame("５００", 0, 2000, 800),  # digits int() would take
        frame("+500", 0, 2000, 800),
        frame("9" * 19, 0, 2000, 800),
        frame("9" * 5000, 0, 2000, 800),  # past what int() converts at all
        frame("0x10", 0, 2000, 800),
    ],
)
def test_a_frame_that_is_not_four_whole_numbers_is_refused(client, alice, project, fields):
    login_as(client, alice)
    response = upload(client, project, **fields)
    assert response.status_code == 400
    assert response.json()["error"] == (
        "The crop frame we received is not four whole numbers of pixels (x, y, width and"
        " height), so we kept nothing. Try cropping it again."
    )
    assert not Asset.objects.exists()


@pytest.mark.parametrize(
    "box, starts",
    [
        (frame(-1, 0, 2000, 800), "The crop frame we received does not fit inside this photo"),
        (frame(0, -5, 2000, 800), "The crop frame we received does not fit inside this photo"),
        (frame(1001, 0, 2000, 800), "The crop frame we received does not fit inside this photo"),
        (frame("9" * 18, 0, 2000, 800), "The crop frame we received does not fit inside"),
        (frame(0, 0, 0, 800), "The crop frame we received is empty (0 × 800 pixels)."),
        (frame(0, 0, -20, 800), "The crop frame we received is empty (-20 × 800 pixels)."),
        (frame(0, 0, 2001, 800), "The frame you chose is 2001 × 800 pixels (2.501:1)"),
        (frame(0, 0, 3000, 800), "The frame you chose is 3000 × 800 pixels (3.8:1)"),
        (frame(0, 0, 200, 200), "The frame you chose is 200 × 200 pixels; Kling needs at least"),
    ],
)
def test_a_frame_kling_or_the_photo_cannot_take_is_refused(
    client, alice, project, settings, box, starts
):
    login_as(client, alice)
    response = upload(client, project, **box)
    assert response.status_code == 400
    assert response.json()["error"].startswith(starts)
    assert not Asset.objects.exists() and stored_files(settings) == []


def test_a_frame_with_a_sound_file_is_refused(client, alice, project):
    login_as(client, alice)
    data = mp3_path(3.0).read_bytes()
    response = upload(client, project, data=data, name="voice.mp3", **frame(0, 0, 400, 400))
    assert response.status_code == 400
    assert response.json()["error"] == "“voice.mp3” is not a photo, so it cannot be cropped."
    assert not Asset.objects.exists()


def test_the_same_photo_cropped_the_same_way_is_reused_and_another_way_is_new(
    client, alice, project
):
    login_as(client, alice)
    first = upload(client, project, **frame(500, 0, 2000, 800)).json()
    again = upload(client, project, **frame(500, 0, 2000, 800)).json()
    other = upload(client, project, **frame(1100, 0, 800, 800)).json()
    assert first["asset"]["code"] == again["asset"]["code"] and again["asset"]["reused"]
    assert other["asset"]["code"] != first["asset"]["code"] and not other["asset"]["reused"]
    assert sorted((a.width, a.height) for a in Asset.objects.all()) == [(800, 800), (2000, 800)]


def test_a_large_photo_uploaded_whole_and_cropped_gives_two_assets(client, alice, project):
    login_as(client, alice)
    data = panorama_bytes(1200, 900)
    whole = upload(client, project, data=data, name="team.png").json()
    cropped = upload(client, project, data=data, name="team.png", **frame(300, 0, 600, 900)).json()
    assert whole["ok"] and cropped["ok"]
    assert whole["asset"]["code"] != cropped["asset"]["code"]
    assert Asset.objects.count() == 2


def test_crop_from_post_reads_four_whole_numbers_or_nothing():
    assert crop_from_post({}) is None
    assert crop_from_post(frame("", "", "", "")) is None
    box = crop_from_post(frame("-3", "0", "2000", "800"))
    assert (box.x, box.y, box.width, box.height) == (-3, 0, 2000, 800)
