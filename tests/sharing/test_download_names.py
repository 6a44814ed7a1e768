"""A downloaded video is named after its title, for the team and for people
holding a link: the title as written (filename*, UTF-8) and a plain-ASCII
spelling for old clients; the watermarked copy says so."""

from urllib.parse import quote

import pytest

from projects.filenames import ascii_name, download_name, safe_stem
from projects.models import Render
from tests.conftest import login_as
from tests.sharing.conftest import media


@pytest.fixture
def astronaut(render):
    Render.objects.filter(pk=render.pk).update(title="Astronaut — Spring EN")
    render.refresh_from_db()
    return render


def disposition(kind, name, ascii_fallback):
    return f"{kind}; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(name)}"


def test_a_member_downloads_the_video_named_after_its_title(client, alice, astronaut):
    login_as(client, alice)
    response = client.get(f"/renders/{astronaut.code}/video/?download=1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == disposition(
        "attachment", "Astronaut — Spring EN.mp4", "Astronaut - Spring EN.mp4"
    )
    assert "Astronaut%20%E2%80%94%20Spring%20EN.mp4" in response["Content-Disposition"]
    b"".join(response.streaming_content)


def test_the_watermarked_copy_says_so_in_its_name(client, alice, astronaut):
    login_as(client, alice)
    response = client.get(f"/renders/{astronaut.code}/watermarked/?download=1")
    assert response["Content-Disposition"] == disposition(
        "attachment",
        "Astronaut — Spring EN (watermarked).mp4",
        "Astronaut - Spring EN (watermarked).mp4",
    )
    b"".join(response.streaming_content)


def test_the_poster_is_a_jpg_named_after_the_title(client, alice, astronaut):
    login_as(client, alice)
    response = client.get(f"/renders/{astronaut.code}/poster/")
    expected = 'inline; filename="Astronaut - Spring EN.jpg"'
    assert response["Content-Disposition"].startswith(expected)
    b"".join(response.streaming_content)


def test_a_link_that_allows_downloads_names_the_file_the_same_way(client, astronaut, make_link):
    # Without the label: the video itself (the labelled copy: test_ai_label.py).
    _, token = make_link(render=astronaut, allow_download=True, ai_label=False)
    response = client.get(media(token, astronaut) + "?download=1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == disposition(
        "attachment", "Astronaut — Spring EN.mp4", "Astronaut - Spring EN.mp4"
    )
    b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Q2/Q3 offer: “new” prices?", "Q2-Q3 offer- “new” prices-"),
        ("Two\nlines\tand tabs", "Two lines and tabs"),
        ("../../etc/passwd", "-..-etc-passwd"),
        ("...", "video"),
        ("", "video"),
    ],
)
def test_a_title_becomes_a_name_every_system_accepts(title, stem):
    assert safe_stem(title) == stem


def test_the_ascii_spelling_keeps_what_it_can():
    assert ascii_name("Éclair “Noël” – Café.mp4") == "Eclair 'Noel' - Cafe.mp4"
    assert ascii_name("日本語.mp4") == "file.mp4"
    assert download_name("Crème", "mp4", note="watermarked") == "Crème (watermarked).mp4"
