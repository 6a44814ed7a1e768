"""Voiceovers: Kling takes MP3/WAV/M4A/AAC, at most 5 MB, 2 to 300 seconds. Lengths come
from decoding the sound, not from the header; we conform what can be fixed and never trim."""

import hashlib

import mutagen
import pytest

from projects.media import MediaRefused, ffmpeg, inspect_voiceover, prepare_voiceover
from projects.media.limits import VOICEOVER_MAX_BYTES

from .conftest import MB


def refusal(path, workdir):
    with pytest.raises(MediaRefused) as caught:
        prepare_voiceover(path, workdir)
    assert caught.value.kind == "voiceover"
    return caught.value


def test_the_limits_are_kling_s_documented_ones():
    assert VOICEOVER_MAX_BYTES == 5 * MB == 5_242_880


# --- Accepted as they are -------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, content_type, extension",
    [
        ("wav", "audio/wav", ".wav"),
        ("mp3", "audio/mpeg", ".mp3"),
        ("m4a", "audio/mp4", ".m4a"),
        ("aac", "audio/aac", ".aac"),
    ],
)
def test_it_accepts_each_format_kling_takes_as_it_is(media, workdir, fmt, content_type, extension):
    path = media.tone(10, fmt)

    prepared = prepare_voiceover(path, workdir)

    assert prepared.path == path
    assert not prepared.changed
    assert prepared.notes == []
    assert (prepared.format, prepared.content_type, prepared.extension) == (
        fmt,
        content_type,
        extension,
    )
    # AAC at 8 kHz adds up to 0.25 s of encoder priming and frame padding.
    assert prepared.duration_seconds == pytest.approx(10, abs=0.25)
    assert (prepared.sample_rate, prepared.channels) == (8000, 1)
    assert prepared.bytes == path.stat().st_size
    assert prepared.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert not workdir.exists()


def test_it_detects_a_wav_named_mp3_from_its_content(media, workdir):
    path = media.named(media.tone(10, "wav"), "really-a-wav.mp3")

    prepared = prepare_voiceover(path, workdir)

    assert (prepared.format, prepared.extension) == ("wav", ".wav")


# --- Duration boundaries -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["wav", "m4a", "mp3"])
def test_it_accepts_a_voiceover_of_exactly_2_seconds(media, workdir, fmt):
    prepared = prepare_voiceover(media.tone(2, fmt), workdir)

    assert prepared.duration_seconds == 2.0


@pytest.mark.parametrize("fmt", ["wav", "m4a", "mp3"])
def test_it_rejects_a_voiceover_of_1_9_seconds(media, workdir, fmt):
    error = refusal(media.tone(1.9, fmt), workdir)

    assert error.code == "too_short"
    assert error.message == (
        "This voiceover is 1.9 seconds long; Kling needs between 2 and 300 seconds."
        " Try a longer recording."
    )


@pytest.mark.parametrize("fmt", ["wav", "m4a"])
def test_it_accepts_a_voiceover_of_exactly_300_seconds(media, workdir, fmt):
    prepared = prepare_voiceover(media.tone(300, fmt), workdir)

    assert prepared.duration_seconds == 300.0
    assert not prepared.changed


@pytest.mark.parametrize("fmt", ["wav", "m4a"])
def test_it_rejects_a_voiceover_of_300_5_seconds(media, workdir, fmt):
    error = refusal(media.tone(300.5, fmt), workdir)

    assert error.code == "too_long"
    assert error.message == (
        "This voiceover is 300.5 seconds long; Kling needs between 2 and 300 seconds."
        " Try trimming it to 300 seconds or less."
    )


def test_it_measures_the_sound_not_the_header_that_rounds_up_to_2_seconds(media, workdir):
    path = media.tone(1.9, "m4a")
    assert mutagen.File(path).info.length > 2  # the header counts the encoder's priming

    assert refusal(path, workdir).code == "too_short"


def test_it_shows_enough_decimals_not_to_read_like_the_limit(media, workdir):
    # 300 s of MP3 without a Xing header: the encoder's padding cannot be told apart
    # from sound, so it decodes to 300.04 s, and must not read as "300.0 seconds".
    error = refusal(media.tone(300, "mp3-vbr-no-xing", rate=44100), workdir)

    assert error.message.startswith("This voiceover is 300.04 seconds long;")


def test_it_refuses_a_voiceover_far_too_long_without_decoding_all_of_it(media, workdir):
    error = refusal(media.tone(700, "wav"), workdir)

    assert error.code == "too_long"
    assert error.message.startswith("This voiceover is about 700 seconds long;")
    info = inspect_voiceover(media.tone(700, "wav"))
    assert info.duration_exact is False


# --- Exact durations where headers only estimate -------------------------------------------


def test_it_measures_a_vbr_mp3_without_xing_header_by_decoding_it(media, workdir):
    # Silence first: the first frame's low bitrate makes the header estimate far too long.
    path = media.quiet_then_loud(10, 200, "mp3-vbr-no-xing")
    assert mutagen.File(path).info.length > 300

    prepared = prepare_voiceover(path, workdir)

    assert prepared.duration_seconds == pytest.approx(210, abs=0.1)
    assert not prepared.changed


def test_it_refuses_a_vbr_mp3_without_xing_whose_header_says_it_is_short_enough(media, workdir):
    path = media.quiet_then_loud(-1, 309, "mp3-vbr-no-xing")
    assert mutagen.File(path).info.length < 300

    error = refusal(path, workdir)

    assert error.code == "too_long"
    assert error.message.startswith("This voiceover is 310.0 seconds long;")


def test_it_measures_an_adts_aac_by_decoding_it(media, workdir):
    path = media.quiet_then_loud(3, 57, "aac")
    assert mutagen.File(path).info.length > 300

    prepared = prepare_voiceover(path, workdir)

    assert prepared.format == "aac"
    assert prepared.duration_seconds == pytest.approx(60, abs=0.1)


# --- Not a voiceover, or a damaged one -------------------------------------------------


@pytest.mark.parametrize("name", ["page.mp3", "page.wav"])
def test_it_refuses_an_html_file_with_a_sound_extension(media, workdir, name):
    error = refusal(media.html(name), workdir)

    assert error.code == "not_a_voiceover"
    assert error.message == (
        "This file is not a recording we can read; Kling needs an MP3, WAV, M4A or AAC voiceover."
    )


def test_it_refuses_a_photo_uploaded_as_a_voiceover(media, workdir):
    error = refusal(media.image(600, 800, "jpeg"), workdir)

    assert error.code == "not_a_voiceover"
    assert error.message.startswith("This file is a picture, not a sound recording;")


def test_it_refuses_a_video_without_sound(media, workdir):
    error = refusal(media.video(5, sound=False), workdir)

    assert error.code == "no_sound"


@pytest.mark.parametrize("fmt", ["wav", "mp3", "m4a", "aac"])
def test_it_refuses_a_truncated_voiceover(media, workdir, fmt):
    path = media.truncated(media.tone(10, fmt), keep=0.5)

    error = refusal(path, workdir)

    assert error.code == "damaged"
    assert error.message.startswith("This file seems damaged:")
    assert error.message.endswith("Try exporting it again.")


def test_it_names_both_lengths_of_a_truncated_wav(media, workdir):
    # 10 s of 16-bit samples at 8 kHz: the last 80,000 bytes are the last 5 seconds.
    error = refusal(media.truncated(media.tone(10, "wav"), drop=80_000), workdir)

    assert error.message == (
        "This file seems damaged: its header says it lasts 10.0 seconds, but only"
        " 5.0 seconds could be decoded. Try exporting it again."
    )


def test_it_refuses_an_empty_file(media, workdir):
    assert refusal(media.bytes_file("empty.mp3", b""), workdir).code == "empty"


def test_it_refuses_when_ffmpeg_takes_too_long(media, workdir, monkeypatch):
    monkeypatch.setattr(ffmpeg, "FFMPEG_TIMEOUT_SECONDS", 0.001)

    error = refusal(media.tone(10, "mp3"), workdir)

    assert error.code == "timeout"
    assert error.message == (
        "We could not finish checking this voiceover in time. Try a shorter or simpler export."
    )


def test_it_refuses_rather_than_crash_when_ffmpeg_is_missing(media, workdir, monkeypatch):
    def missing():
        raise RuntimeError("No ffmpeg exe could be found.")

    monkeypatch.setattr(ffmpeg, "executable", missing)

    error = refusal(media.tone(10, "mp3"), workdir)

    assert error.code == "unavailable"
    assert "No ffmpeg exe" in error.detail


# --- Auto-conform ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, label", [("ogg", "Ogg Vorbis"), ("opus", "Opus"), ("flac", "FLAC"), ("webm", "WebM")]
)
def test_it_converts_a_recording_kling_does_not_take_to_mp3(media, workdir, fmt, label):
    path = media.tone(10, fmt)
    info = inspect_voiceover(path)
    assert (info.accepted, info.conformable) == (False, True)
    assert info.reason == f"Kling does not take {label} recordings; we can convert it to MP3."

    prepared = prepare_voiceover(path, workdir)

    assert prepared.changed
    assert prepared.path.parent == workdir
    assert (prepared.format, prepared.content_type, prepared.extension) == (
        "mp3",
        "audio/mpeg",
        ".mp3",
    )
    assert prepared.notes == [
        f"We converted this {label} recording to MP3 (192 kbps, mono), which Kling accepts."
    ]
    assert prepared.duration_seconds == pytest.approx(10, abs=0.05)
    assert (prepared.sample_rate, prepared.channels, prepared.bitrate) == (44100, 1, 192_000)
    assert prepared.sha256 == hashlib.sha256(prepared.path.read_bytes()).hexdigest()


def test_it_converts_a_wav_holding_compressed_sound_to_mp3(media, workdir):
    path = media.tone(10, "wav-adpcm")
    info = inspect_voiceover(path)
    assert (info.format, info.codec, info.conformable) == ("wav", "adpcm_ms", True)
    assert info.reason == (
        "This WAV file holds adpcm_ms sound, which Kling may not read; we can convert it to MP3."
    )

    prepared = prepare_voiceover(path, workdir)

    assert prepared.format == "mp3"
    assert prepared.notes == [
        "We converted this WAV recording to MP3 (192 kbps, mono), which Kling accepts."
    ]


def test_it_accepts_a_voiceover_of_exactly_5_mb_as_it_is(media, workdir):
    path = media.mp3_with_tag(VOICEOVER_MAX_BYTES)

    prepared = prepare_voiceover(path, workdir)

    assert not prepared.changed
    assert prepared.bytes == 5 * MB


def test_it_strips_the_tags_of_a_voiceover_of_5_mb_plus_one_byte(media, workdir):
    path = media.mp3_with_tag(VOICEOVER_MAX_BYTES + 1)
    info = inspect_voiceover(path)
    assert (info.accepted, info.conformable) == (False, True)
    assert info.reason == (
        "This voiceover is 5,242,881 bytes; Kling takes at most 5 MB, so we can re-encode it"
        " to fit."
    )

    prepared = prepare_voiceover(path, workdir)

    assert prepared.format == "mp3"
    assert prepared.bytes < 600_000  # 30 s at 128 kbps, without the 4.8 MB tag
    assert prepared.duration_seconds == pytest.approx(30, abs=0.01)
    assert prepared.bitrate == pytest.approx(128_000, rel=0.02)  # copied, not re-encoded
    assert prepared.notes == [
        f"We removed the tags and cover art from this voiceover, which made it"
        f" {round(prepared.bytes / 1024)} KB instead of 5,242,881 bytes, under Kling's 5 MB limit.",
        "The sound itself is unchanged.",
    ]


def test_it_re_encodes_a_wav_over_5_mb_as_mp3_that_fits(media, workdir):
    path = media.tone(60, "wav", rate=48000, channels=2)
    assert path.stat().st_size > VOICEOVER_MAX_BYTES

    prepared = prepare_voiceover(path, workdir)

    assert (prepared.format, prepared.bitrate) == ("mp3", 192_000)
    assert prepared.bytes <= VOICEOVER_MAX_BYTES
    assert prepared.duration_seconds == pytest.approx(60, abs=0.01)
    assert prepared.notes == [
        "We re-encoded this WAV voiceover as MP3 (192 kbps, mono) to fit Kling's 5 MB limit:"
        f" it went from 11.0 MB to {prepared.bytes / MB:.1f} MB."
    ]


def test_it_picks_an_mp3_bitrate_from_the_duration_so_that_it_fits(media, workdir):
    path = media.tone(290, "mp3-160k", rate=44100)  # 5.8 MB of sound: tags are not the issue
    assert path.stat().st_size > VOICEOVER_MAX_BYTES

    prepared = prepare_voiceover(path, workdir)

    assert (prepared.format, prepared.bitrate) == ("mp3", 128_000)
    assert prepared.bytes <= VOICEOVER_MAX_BYTES
    assert prepared.duration_seconds == pytest.approx(290, abs=0.01)


def test_it_keeps_only_the_sound_of_a_video(media, workdir):
    path = media.video(5)
    info = inspect_voiceover(path)
    assert (info.has_video, info.conformable) == (True, True)

    prepared = prepare_voiceover(path, workdir)

    assert prepared.format == "m4a"
    assert prepared.notes == [
        "We kept only the sound of this file and left its video track out.",
        "The sound itself is unchanged.",
    ]
    assert inspect_voiceover(prepared.path).has_video is False


def test_every_conformed_voiceover_is_one_kling_accepts(media, workdir):
    paths = [
        media.tone(10, "flac"),
        media.tone(10, "webm"),
        media.video(5),
        media.mp3_with_tag(VOICEOVER_MAX_BYTES + 1),
        media.tone(60, "wav", rate=48000, channels=2),
    ]
    for path in paths:
        prepared = prepare_voiceover(path, workdir)
        info = inspect_voiceover(prepared.path)
        assert info.accepted and not info.changes, (path, info)


# --- Inspecting ---------------------------------------------------------------------


def test_inspect_reports_the_measurements_of_a_refused_voiceover(media):
    info = inspect_voiceover(media.tone(1.9, "wav"))

    assert (info.accepted, info.conformable, info.refused) == (False, False, True)
    assert (info.code, info.format, info.sample_rate) == ("too_short", "wav", 8000)
    assert info.duration_seconds == pytest.approx(1.9)


def test_inspect_reports_both_the_decoded_and_the_header_length(media):
    info = inspect_voiceover(media.quiet_then_loud(3, 57, "aac"))

    assert info.duration_seconds == pytest.approx(60, abs=0.1)
    assert info.header_seconds > 300
    assert info.duration_exact is True
