"""A file is what its content says, whatever its name or the browser claims."""

import pytest

from projects.media import detect_kind


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp", "tiff"])
def test_it_detects_a_portrait_from_its_content(media, fmt):
    assert detect_kind(media.image(320, 400, fmt)) == "portrait"


def test_it_detects_a_gif_as_a_portrait(media):
    assert detect_kind(media.gif(320, 400)) == "portrait"


@pytest.mark.parametrize("fmt", ["wav", "mp3", "mp3-vbr-no-xing", "m4a", "aac", "ogg", "opus",
                                 "flac", "webm"])  # fmt: skip
def test_it_detects_a_voiceover_from_its_content(media, fmt):
    assert detect_kind(media.tone(2.5, fmt)) == "voiceover"


def test_it_looks_past_an_id3_tag(media):
    assert detect_kind(media.mp3_with_tag(1024 * 1024)) == "voiceover"


def test_it_ignores_the_extension(media):
    assert detect_kind(media.named(media.image(320, 400, "png"), "photo-really.mp3")) == (
        "portrait"
    )
    assert detect_kind(media.named(media.tone(2.5, "wav"), "sound-really.png")) == "voiceover"


@pytest.mark.parametrize("name", ["page.png", "page.jpg", "page.mp3", "page.m4a"])
def test_it_detects_nothing_in_an_html_file_whatever_its_extension(media, name):
    assert detect_kind(media.html(name)) is None


def test_it_detects_nothing_in_an_empty_or_missing_file(media, tmp_path):
    assert detect_kind(media.bytes_file("empty.jpg", b"")) is None
    assert detect_kind(tmp_path / "gone.jpg") is None
