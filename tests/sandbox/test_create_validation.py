"""The documented create checks: each answers 400/1201 (404/1203 for unknown tasks).

Tests that expect a task to be created set ``fail_share=1`` so that no video is
rendered: validation is what they are about.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from . import media
from .api import assert_error


@pytest.fixture
def no_renders(kling_sandbox):
    kling_sandbox.configure(fail_share=1.0)


@pytest.fixture
def file_server():
    """A local http server handing out whatever a test puts in ``files``."""
    files = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield files, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_it_accepts_a_png_or_jpeg_portrait_in_base64(api, no_renders, kind):
    reply = api.create(image=media.b64(media.image(kind=kind)))
    assert reply.status_code == 200, reply.text
    data = reply.json()["data"]
    assert data["task_status"] == "submitted"
    assert set(data) == {"task_id", "task_status", "task_info", "created_at", "updated_at"}


def test_it_accepts_a_portrait_and_a_voiceover_by_url(api, no_renders, file_server):
    files, base = file_server
    files["/face.jpg"] = media.image(kind="JPEG")
    files["/voice.mp3"] = media.audio()
    reply = api.create(image=base + "/face.jpg", sound_file=base + "/voice.mp3")
    assert reply.status_code == 200, reply.text


def test_it_rejects_an_image_url_that_does_not_answer(api, file_server):
    _, base = file_server
    assert_error(api.create(image=base + "/missing.png"), 400, 1201, "image")


def test_it_rejects_a_base64_image_with_a_data_prefix(api):
    image = "data:image/png;base64," + media.b64(media.image())
    assert_error(api.create(image=image), 400, 1201, "data:")


def test_it_rejects_an_image_that_is_not_base64_or_a_url(api):
    assert_error(api.create(image="this is not an image!"), 400, 1201, "image")


def test_it_rejects_a_missing_image(api):
    assert_error(api.create(image=None), 400, 1201, "image")


@pytest.mark.parametrize("kind", ["GIF", "BMP", "WEBP"])
def test_it_rejects_a_portrait_that_is_not_jpg_or_png(api, kind):
    assert_error(api.create(image=media.b64(media.image(kind=kind))), 400, 1201, "format")


def test_it_judges_the_image_format_by_content_not_by_name(api, file_server):
    files, base = file_server
    files["/face.png"] = media.image(kind="GIF")
    assert_error(api.create(image=base + "/face.png"), 400, 1201, "format")


def test_it_rejects_a_portrait_over_10_mb(api):
    big = media.noisy_png(1900, 1900)
    assert len(big) > 10 * 1024 * 1024
    assert_error(api.create(image=media.b64(big)), 400, 1201, "10MB")


@pytest.mark.parametrize("size", [(299, 500), (500, 299), (200, 200)])
def test_it_rejects_a_portrait_under_300_px(api, size):
    assert_error(api.create(image=media.b64(media.image(*size))), 400, 1201, "300px")


def test_it_accepts_a_portrait_of_exactly_300_px(api, no_renders):
    assert api.create(image=media.b64(media.image(300, 300))).status_code == 200


@pytest.mark.parametrize("size", [(300, 751), (751, 300)])
def test_it_rejects_a_portrait_beyond_the_2_5_aspect_ratio(api, size):
    assert_error(api.create(image=media.b64(media.image(*size))), 400, 1201, "aspect ratio")


@pytest.mark.parametrize("size", [(300, 750), (750, 300)])
def test_it_accepts_a_portrait_at_exactly_2_5_aspect_ratio(api, no_renders, size):
    assert api.create(image=media.b64(media.image(*size))).status_code == 200


@pytest.mark.parametrize("kind", ["mp3", "wav", "m4a", "aac"])
def test_it_accepts_each_documented_audio_format(api, no_renders, kind):
    reply = api.create(sound_file=media.b64(media.audio(kind=kind)))
    assert reply.status_code == 200, reply.text


def test_it_rejects_audio_in_another_format(api):
    reply = api.create(sound_file=media.b64(media.audio(kind="flac")))
    assert_error(reply, 400, 1201, "mp3/wav/m4a/aac")


def test_it_rejects_audio_over_5_mb(api):
    big = media.audio(seconds=31, kind="wav", rate=44100, channels=2)
    assert len(big) > 5 * 1024 * 1024
    assert_error(api.create(sound_file=media.b64(big)), 400, 1201, "5MB")


@pytest.mark.parametrize("seconds", [1.5, 301])
def test_it_rejects_audio_outside_2_to_300_seconds(api, seconds):
    sound = media.audio(seconds=seconds, kind="wav8", rate=8000)
    assert_error(api.create(sound_file=media.b64(sound)), 400, 1201, "between 2 and 300")


def test_it_rejects_audio_that_does_not_decode(api):
    junk = b"RIFF\x00\x00\x00\x00WAVEjunkjunkjunk" * 10
    assert_error(api.create(sound_file=media.b64(junk)), 400, 1201, "audio")


def test_it_rejects_both_sound_file_and_audio_id(api):
    assert_error(api.create(audio_id="abc"), 400, 1201, "mutually exclusive")


def test_it_rejects_neither_sound_file_nor_audio_id(api):
    assert_error(api.create(sound_file=None), 400, 1201, "audio_id or sound_file")


def test_it_rejects_an_audio_id_the_tts_did_not_make(api):
    assert_error(api.create(sound_file=None, audio_id="no-such-audio"), 400, 1201, "audio_id")


def test_it_rejects_a_prompt_over_2500_characters(api, no_renders):
    assert_error(api.create(prompt="x" * 2501), 400, 1201, "2500")
    assert api.create(prompt="x" * 2500).status_code == 200


def test_it_rejects_an_unknown_mode(api, no_renders):
    assert_error(api.create(mode="ultra"), 400, 1201, "mode")
    assert api.create(mode="pro").status_code == 200


def test_it_rejects_a_malformed_watermark_info(api):
    assert_error(api.create(watermark_info={"enabled": "yes"}), 400, 1201, "watermark_info")


def test_it_rejects_a_body_that_is_not_json(api, kling_sandbox):
    reply = requests.post(
        api.base + "/v1/videos/avatar/image2video",
        data=b"{not json",
        headers=kling_sandbox.headers(),
        timeout=10,
    )
    assert_error(reply, 400, 1200)


def test_it_rejects_a_duplicate_external_task_id(api, no_renders, kling_sandbox):
    first = api.create(external_task_id="render-42")
    assert first.status_code == 200
    assert_error(api.create(external_task_id="render-42"), 400, 1201, "external_task_id")
    outcomes = [(c["external_task_id"], c["outcome"]) for c in kling_sandbox.creates()]
    assert outcomes == [("render-42", "created"), ("render-42", "rejected")]


def test_an_unknown_task_is_404_1203(api):
    assert_error(api.query("no-such-task"), 404, 1203)


def test_a_wrong_method_on_a_kling_path_is_404_1202(api, kling_sandbox):
    reply = requests.delete(
        api.base + "/v1/videos/avatar/image2video/x", headers=kling_sandbox.headers(), timeout=10
    )
    assert_error(reply, 404, 1202)


@pytest.mark.parametrize(
    "params",
    [{"pageNum": 0}, {"pageNum": 1001}, {"pageSize": 0}, {"pageSize": 501}, {"pageNum": "x"}],
)
def test_list_paging_out_of_range_is_400_1201(api, params):
    assert_error(api.list(**params), 400, 1201)


def test_list_paging_at_the_bounds_is_accepted(api):
    assert api.list(pageNum=1000, pageSize=500).json()["data"] == []
    assert api.list(pageNum=1, pageSize=1).status_code == 200


def test_rejected_creates_are_listed_with_their_code(api, kling_sandbox):
    api.create(external_task_id="bad-mode", mode="ultra")
    api.create(external_task_id="no-auth", headers={})
    creates = kling_sandbox.creates()
    assert [(c["external_task_id"], c["outcome"], c["code"], c["task_id"]) for c in creates] == [
        ("bad-mode", "rejected", 1201, None),
        ("no-auth", "rejected", 1001, None),
    ]
