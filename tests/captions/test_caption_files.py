"""WebVTT and SRT written by webvtt-py and srt read back by the same
libraries to the same cues."""

import pytest

from projects.captions.formats import from_srt, from_vtt, to_srt, to_vtt

CUES = [
    {"start": 0.0, "end": 1.25, "text": "Meet Astra."},
    {"start": 1.5, "end": 4.0, "text": "Your portrait, your voice,\nyour video — in minutes."},
    {"start": 3725.042, "end": 3727.5, "text": "Über 100 % <b>sûr</b> & “quoted”"},
]


@pytest.mark.parametrize("write, read", [(to_vtt, from_vtt), (to_srt, from_srt)])
def test_round_trip_keeps_times_and_words(write, read):
    back = read(write(CUES))
    assert len(back) == len(CUES)
    for original, again in zip(CUES, back, strict=True):
        assert again["start"] == pytest.approx(original["start"], abs=0.001)
        assert again["end"] == pytest.approx(original["end"], abs=0.001)
        assert again["text"] == original["text"]


def test_the_files_look_like_their_formats():
    vtt = to_vtt(CUES)
    assert vtt.startswith("WEBVTT")
    assert "01:02:05.042 --> 01:02:07.500" in vtt
    srt_text = to_srt(CUES)
    assert srt_text.startswith("1\n00:00:00,000 --> 00:00:01,250\nMeet Astra.")


def test_no_cues_make_valid_empty_files():
    assert to_vtt([]).startswith("WEBVTT")
    assert from_vtt(to_vtt([])) == []
    assert from_srt(to_srt([])) == []
