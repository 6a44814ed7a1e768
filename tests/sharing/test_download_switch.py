"""The download switch of a link means something: with downloads off, the
player gets the watermarked copy when there is one, always to watch and never
as a file to save, and the page says once that a screen can still be
recorded; with downloads on, "Download all" gives one ZIP of the link's
videos, named by their titles and streamed as it is written."""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.http import StreamingHttpResponse

from projects.models import Render
from projects.sharing import zips
from tests.sharing.conftest import (
    GONE,
    VIDEO_BYTES,
    WATERMARKED_BYTES,
    done_render,
    expire,
    media,
)

SCREEN = "Downloading is turned off for this link. Anyone watching can still record their screen."


def served(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def zip_of(token):
    return f"/s/{token}/videos.zip"


# --- Downloads off --------------------------------------------------------------


def test_with_downloads_off_the_player_gets_the_watermarked_copy_inline(client, render, make_link):
    _, token = make_link(render=render)
    response = client.get(media(token, render))
    assert served(response) == WATERMARKED_BYTES
    assert response["Content-Disposition"].startswith("inline;")
    assert "(watermarked).mp4" in response["Content-Disposition"]
    # Byte ranges of the same copy, for seeking.
    part = client.get(media(token, render), HTTP_RANGE="bytes=0-3")
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == WATERMARKED_BYTES[:4]


def test_with_downloads_off_a_video_without_a_watermarked_copy_plays_as_it_is(
    client, project, alice, make_link
):
    plain = done_render(project, alice, watermarked=False)
    _, token = make_link(render=plain)
    response = client.get(media(token, plain))
    assert served(response) == VIDEO_BYTES
    assert response["Content-Disposition"].startswith("inline;")


def test_with_downloads_off_asking_for_a_file_is_refused_in_plain_words(client, render, make_link):
    _, token = make_link(render=render)
    for which in ["video", "watermarked"]:
        refused = client.get(media(token, render, which) + "?download=1")
        assert refused.status_code == 403
        assert refused["Content-Type"] == "text/plain; charset=utf-8"
        assert refused.content.decode() == (
            "Downloading is turned off for this link. You can still watch the videos on the page."
        )
    assert client.get(zip_of(token)).status_code == 403


def test_with_downloads_off_the_page_has_no_download_button_and_says_so_once(
    client, render, other_render, make_link
):
    _, token = make_link()
    body = client.get(f"/s/{token}/").content.decode()
    assert body.count(SCREEN) == 1
    assert "download=1" not in body and zip_of(token) not in body
    assert "Download" not in re.sub(re.escape(SCREEN), "", body).replace("nodownload", "")


def test_with_downloads_on_the_page_offers_download_all_and_no_warning(client, render, make_link):
    # Without the label: the video itself (the labelled copy: test_ai_label.py).
    _, token = make_link(allow_download=True, ai_label=False)
    body = client.get(f"/s/{token}/").content.decode()
    assert f'href="{zip_of(token)}"' in body and "Download all" in body
    assert SCREEN not in body
    # The clean video plays, and downloads.
    assert served(client.get(media(token, render))) == VIDEO_BYTES
    response = client.get(media(token, render) + "?download=1")
    assert served(response) == VIDEO_BYTES
    assert response["Content-Disposition"].startswith("attachment;")


# --- Download all ---------------------------------------------------------------


@pytest.fixture
def big_video(project, alice):
    """A video larger than several reads, with bytes that show any slip."""
    render = done_render(project, alice)
    data = bytes((i * 7 + i // 251) % 256 for i in range(3 * zips.CHUNK + 12345))
    render.video.save("big.mp4", ContentFile(data), save=False)
    render.title = "Astronaut — Spring EN"
    render.save()
    return render, data


def test_download_all_streams_a_zip_that_unpacks_to_the_exact_videos(
    client, big_video, render, make_link
):
    big, data = big_video
    Render.objects.filter(pk=render.pk).update(title="Café offer")
    _, token = make_link(renders=[big, render], allow_download=True)
    response = client.get(zip_of(token))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse) and response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Spring campaign.zip\"; filename*=UTF-8''Spring%20campaign.zip"
    )
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    pieces = list(response.streaming_content)
    # Written while sent: many pieces, none much larger than one read.
    assert len(pieces) > 4
    assert max(len(piece) for piece in pieces) <= zips.CHUNK + 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.testzip() is None
    assert archive.namelist() == ["Astronaut — Spring EN.mp4", "Café offer.mp4"]
    assert archive.read("Astronaut — Spring EN.mp4") == data
    assert archive.read("Café offer.mp4") == VIDEO_BYTES
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}


def test_the_zip_is_a_generator_that_reads_one_chunk_at_a_time(big_video):
    big, data = big_video
    stream = zips.zip_stream([("a.mp4", big.video, big.finished_at)], chunk=4096)
    first = next(stream)
    # The first piece holds the entry's header and one read, not the video.
    assert len(first) < 4096 + 200
    rest = b"".join(stream)
    assert zipfile.ZipFile(io.BytesIO(first + rest)).read("a.mp4") == data


def test_videos_with_the_same_title_get_different_names(client, project, alice, make_link):
    renders = [done_render(project, alice) for _ in range(3)]
    Render.objects.filter(pk__in=[r.pk for r in renders]).update(title="Spring / EN")
    _, token = make_link(renders=renders, allow_download=True)
    archive = zipfile.ZipFile(io.BytesIO(served(client.get(zip_of(token)))))
    assert archive.namelist() == ["Spring - EN.mp4", "Spring - EN (2).mp4", "Spring - EN (3).mp4"]
    assert all(archive.read(name) == VIDEO_BYTES for name in archive.namelist())


def test_a_link_turned_off_or_expired_gives_no_zip(client, render, make_link):
    revoked, revoked_token = make_link(allow_download=True)
    revoked.revoke()
    expired, expired_token = make_link(allow_download=True)
    expire(expired)
    for token in [revoked_token, expired_token, "made-up-token"]:
        response = client.get(zip_of(token))
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")
        assert GONE in response.content.decode()
