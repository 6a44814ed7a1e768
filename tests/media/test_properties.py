"""Whatever bytes arrive, the caller gets a refusal or a file Kling accepts: never a crash."""

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from projects.media import (
    MediaRefused,
    detect_kind,
    inspect_portrait,
    inspect_voiceover,
    prepare_portrait,
    prepare_voiceover,
)

# The first bytes of every format we sniff, so that random bodies reach the decoders.
SIGNATURES = [
    b"",
    b"\x89PNG\r\n\x1a\n",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR",
    b"\xff\xd8\xff\xe0",
    b"GIF89a",
    b"RIFF\x00\x10\x00\x00WEBPVP8 ",
    b"RIFF\x00\x10\x00\x00WAVEfmt ",
    b"ID3\x04\x00\x00\x00\x00\x00\x00",
    b"\xff\xfb\x90\x64",
    b"\xff\xf1\x50\x80",
    b"OggS\x00\x02",
    b"fLaC",
    b"\x00\x00\x00\x20ftypM4A ",
    b"\x00\x00\x00\x18ftypheic",
    b"\x1a\x45\xdf\xa3",
    b"<!doctype html>",
]


def budget(examples):
    # No example database: the suite must not write into the checkout.
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


def write(directory, data, name="upload.bin"):
    path = directory / name
    path.write_bytes(data)
    return path


@budget(300)
@given(signature=st.sampled_from(SIGNATURES), body=st.binary(max_size=1500))
def test_random_bytes_are_always_refused(scratch, signature, body):
    path = write(scratch, signature + body)

    assert detect_kind(path) in ("portrait", "voiceover", None)
    for prepare in (prepare_portrait, prepare_voiceover):
        with pytest.raises(MediaRefused):
            prepare(path, scratch / "work")
    for inspect in (inspect_portrait, inspect_voiceover):
        info = inspect(path)
        assert (info.accepted, info.conformable, info.refused) == (False, False, True)
        assert info.reason


@pytest.fixture(scope="module")
def originals(media):
    """Small valid files of every format we read, as bytes."""
    paths = {
        "png": media.image(320, 400, "png"),
        "jpeg": media.jpeg_with_exif(320, 400, orientation=6, gps=True),
        "webp": media.image(320, 400, "webp"),
        "gif": media.gif(320, 400),
        "wav": media.tone(2.5, "wav"),
        "mp3": media.tone(2.5, "mp3"),
        "mp3-vbr-no-xing": media.tone(2.5, "mp3-vbr-no-xing"),
        "m4a": media.tone(2.5, "m4a"),
        "aac": media.tone(2.5, "aac"),
        "ogg": media.tone(2.5, "ogg"),
        "opus": media.tone(2.5, "opus"),
        "flac": media.tone(2.5, "flac"),
    }
    return {name: path.read_bytes() for name, path in paths.items()}


@st.composite
def mutated(draw, originals):
    """A valid file with a few bytes flipped, overwritten, inserted or deleted, or cut short.

    The first four bytes (the signature) are kept, so that the change reaches a decoder;
    test_random_bytes_are_always_refused covers broken signatures.
    """
    name = draw(st.sampled_from(sorted(originals)))
    data = bytearray(originals[name])
    for _ in range(draw(st.integers(1, 3))):
        # Headers matter most: aim half of the changes at the first 256 bytes.
        end = draw(st.sampled_from([min(256, len(data)), len(data)]))
        at = draw(st.integers(4, max(4, end - 1)))
        how = draw(st.sampled_from(["flip", "overwrite", "insert", "delete", "truncate"]))
        if how == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=8))
            data[at : at + len(chunk)] = chunk
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif how == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif how == "truncate":
            del data[len(data) * draw(st.integers(50, 99)) // 100 :]
    return name, bytes(data)


@budget(300)
@given(data=st.data())
def test_mutated_files_are_refused_or_prepared_into_a_file_kling_accepts(scratch, originals, data):
    name, content = data.draw(mutated(originals))
    path = write(scratch, content, f"mutated-{name}")
    kind = detect_kind(path)
    prepare, inspect = {
        "portrait": (prepare_portrait, inspect_portrait),
        "voiceover": (prepare_voiceover, inspect_voiceover),
        None: (prepare_portrait, inspect_portrait),
    }[kind]

    try:
        prepared = prepare(path, scratch / "work")
    except MediaRefused as refusal:
        event(f"{name}: refused, {refusal.code}")  # see --hypothesis-show-statistics
        assert refusal.message
        assert refusal.code
        return
    event(f"{name}: {'conformed' if prepared.changed else 'accepted'}")
    info = inspect(prepared.path)
    assert info.accepted, info
    assert prepared.bytes == prepared.path.stat().st_size
