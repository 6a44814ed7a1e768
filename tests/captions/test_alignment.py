"""Timing known words to speech: pocketsphinx forced alignment on a voiceover
spoken by espeak-ng at known word times, and the syllable fallback."""

import statistics

import pytest

from projects.captions.align import align_script
from projects.captions.making import captions_from_audio
from projects.captions.proportional import time_by_syllables
from projects.media.ffmpeg import pcm_16k_mono
from tests.captions.voices import ESPEAK, TEXTS, make_voiceover

needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    path = tmp_path_factory.mktemp("voice") / "voiceover.wav"
    truth = make_voiceover(TEXTS[0], path, seed=1)
    return pcm_16k_mono(path, "wav"), truth


@needs_espeak
def test_script_words_are_timed_to_the_speech(spoken):
    pcm, truth = spoken
    timing = align_script(pcm, TEXTS[0], "en")
    assert timing.method == "aligned"
    assert [w.text for w in timing.words] == [word for word, _, _ in truth]
    errors = [abs(w.start - start) for w, (_, start, _) in zip(timing.words, truth, strict=True)]
    assert statistics.median(errors) <= 0.15
    assert max(errors) <= 0.4


@needs_espeak
def test_words_the_dictionary_lacks_take_the_time_between_their_neighbours(spoken):
    pcm, truth = spoken
    script = TEXTS[0].replace("Astra,", "Xqzwrk,")  # no pronunciation known
    timing = align_script(pcm, script, "en")
    assert timing.method == "aligned"
    index = [w.text for w in timing.words].index("Xqzwrk,")
    before, word, after = timing.words[index - 1 : index + 2]
    assert before.end <= word.start < word.end <= after.start


@needs_espeak
def test_a_language_without_a_model_is_timed_by_syllables(spoken):
    pcm, truth = spoken
    timing = align_script(pcm, TEXTS[0], "fr")
    assert timing.method == "proportional"
    assert timing.words[0].start == pytest.approx(truth[0][1], abs=0.05)  # speech starts
    assert timing.words[-1].end == pytest.approx(truth[-1][2], abs=0.05)  # and ends


@needs_espeak
def test_captions_say_how_they_were_made(spoken):
    pcm, _ = spoken
    aligned = captions_from_audio(pcm, TEXTS[0], "en")
    assert aligned[0] == "script-aligned"
    assert aligned[1][0]["text"].startswith("Meet Astra")
    assert captions_from_audio(pcm, TEXTS[0], "de")[0] == "script-proportional"
    recognized = captions_from_audio(pcm, "", "en")
    assert recognized[0] == "recognized"
    assert captions_from_audio(pcm, "", "fr") is None  # no script, no model: none made


def test_syllable_timing_shares_the_speech_by_syllables_with_pauses():
    words = time_by_syllables(["Hello,", "beautiful", "world."], 1.0, 5.0)
    assert words[0].start == 1.0
    assert words[-1].end == pytest.approx(5.0)
    hello, beautiful, world = (w.end - w.start for w in words)
    assert beautiful == pytest.approx(hello * 1.5, abs=0.002)  # 3 syllables against 2
    assert world == pytest.approx(hello / 2, abs=0.002)
    assert words[1].start - words[0].end == pytest.approx(hello / 2, abs=0.002)  # the comma's pause
    assert all(a.end <= b.start for a, b in zip(words, words[1:], strict=False))
