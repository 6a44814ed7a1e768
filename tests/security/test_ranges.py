"""Byte ranges on member and share-link media: whatever the Range header says,
the answer is a range, the whole file or 416, and the opened file is closed.

Security review, issue #12: ``Range: bytes=-`` followed by 4,301 nines gave a
500 (int() refuses more than 4,300 digits) and left the file open.
"""

import pytest
from django.test import Client

from projects.files import UNSATISFIABLE, byte_range

from .conftest import body, client_as, media_urls

NINES = "9" * 4301
MEDIA = ["portrait file", "render video", "shared video"]


def fetch(world, which, **headers):
    user, url, field = media_urls(world)[which]
    response = client_as(user).get(url, **headers)
    return response, body(response), field.size, field


@pytest.mark.parametrize("which", MEDIA)
@pytest.mark.parametrize(
    "header",
    [f"bytes={NINES}-", f"bytes={NINES}-{NINES}", "bytes=5-1", "bytes=-0", "bytes=0000099999-"],
)
def test_a_range_past_the_end_is_416_with_the_size(world, opened_files, which, header):
    response, content, size, _ = fetch(world, which, HTTP_RANGE=header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
    assert content == b""
    assert opened_files and all(file.closed for file in opened_files)


@pytest.mark.parametrize("which", MEDIA)
@pytest.mark.parametrize("header", [f"bytes=0-{NINES}", f"bytes=-{NINES}", "bytes=0-"])
def test_a_range_longer_than_the_file_is_the_whole_file(world, opened_files, which, header):
    response, content, size, field = fetch(world, which, HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-{size - 1}/{size}"
    with field.open("rb") as stored:
        assert content == stored.read()
    assert all(file.closed for file in opened_files)


@pytest.mark.parametrize("which", MEDIA)
@pytest.mark.parametrize(
    "header",
    [f"bytes={NINES}", "bytes=0-0,5-9", "items=0-1", "bytes=a-b", "bytes=1-2 junk", "\x00", ""],
)
def test_a_range_header_that_cannot_be_read_gets_the_whole_file(world, opened_files, which, header):
    response, content, size, _ = fetch(world, which, HTTP_RANGE=header)

    assert response.status_code == 200
    assert "Content-Range" not in response
    assert len(content) == size == int(response["Content-Length"])
    assert all(file.closed for file in opened_files)


@pytest.mark.parametrize("which", MEDIA)
def test_an_ordinary_range_still_works(world, opened_files, which):
    response, content, size, field = fetch(world, which, HTTP_RANGE="Bytes=1-4")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1-4/{size}"
    with field.open("rb") as stored:
        assert content == stored.read()[1:5]
    assert all(file.closed for file in opened_files)


def test_the_file_is_closed_when_answering_fails_half_way(world, opened_files, monkeypatch):
    def broken(header, size):
        raise RuntimeError("a bug while reading the range")

    monkeypatch.setattr("projects.files.byte_range", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.alice)

    response = client.get(f"/renders/{world.render.code}/video/", HTTP_RANGE="bytes=0-1")

    assert response.status_code == 500
    assert opened_files and all(file.closed for file in opened_files)


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=0-9", 100, (0, 9)),
        ("bytes=90-", 100, (90, 99)),
        ("bytes=-10", 100, (90, 99)),
        ("bytes=-1000", 100, (0, 99)),
        ("bytes=0-1000", 100, (0, 99)),
        ("bytes=99-99", 100, (99, 99)),
        ("bytes=100-", 100, UNSATISFIABLE),
        ("bytes=100-200", 100, UNSATISFIABLE),
        ("bytes=0-", 0, UNSATISFIABLE),
        ("bytes=-5", 0, UNSATISFIABLE),
        ("bytes=" + "0" * 5000 + "1-2", 100, (1, 2)),
        ("bytes=" + NINES + "-", 10**18, UNSATISFIABLE),
        ("bytes=0-" + NINES, 10**18, (0, 10**18 - 1)),
        ("bytes=-", 100, None),
        ("bytes=1-2,3-4", 100, None),
        (" bytes=1-2 ", 100, (1, 2)),
    ],
)
def test_byte_range_reads_a_header_against_a_size(header, size, expected):
    assert byte_range(header, size) == expected
