"""Cues: at most two lines of at most 42 characters, 1 to 7 seconds,
cut at sentence ends first, then clause punctuation, then the longest pause."""

import pytest

from projects.captions.cues import MAX_LINE, make_cues, wrap
from projects.captions.words import Word


def timed(text, *, per_word=0.3, gaps=None):
    """Words one after the other, `per_word` seconds each; `gaps` adds a pause
    (seconds) before the word at that index."""
    words, at = [], 0.0
    for index, token in enumerate(text.split()):
        at += (gaps or {}).get(index, 0.0)
        words.append(Word(token, round(at, 3), round(at + per_word, 3)))
        at += per_word
    return words


def texts(cues):
    return [cue.text.replace("\n", " ") for cue in cues]


CASES = [
    # (words, expected cue texts)
    pytest.param(timed("Hello world."), ["Hello world."], id="short fits one cue"),
    pytest.param(
        timed("Meet Astra, our new avatar studio. It turns a photo into a talking video."),
        ["Meet Astra, our new avatar studio.", "It turns a photo into a talking video."],
        id="sentence end wins",
    ),
    pytest.param(
        timed(
            "Our spring collection arrives next week in every store, "
            "and the first hundred buyers get a free tote bag"
        ),
        [
            "Our spring collection arrives next week in every store,",
            "and the first hundred buyers get a free tote bag",
        ],
        id="clause comma when no sentence end",
    ),
    pytest.param(
        timed(
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen",
            gaps={11: 0.8},
        ),
        [
            "one two three four five six seven eight nine ten eleven",
            "twelve thirteen fourteen fifteen sixteen",
        ],
        id="longest pause without punctuation",
    ),
]


@pytest.mark.parametrize("words, expected", CASES)
def test_cues_are_cut_at_phrase_boundaries(words, expected):
    assert texts(make_cues(words)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "word " * 60,
        "A much longer script, with several clauses; and sentences. Another one follows here! "
        "Does it keep every rule? It should, always, whatever the text says to the viewers.",
    ],
)
def test_every_cue_keeps_the_limits(text):
    cues = make_cues(timed(text, per_word=0.45), total=100)
    assert cues
    for cue in cues:
        assert len(cue.lines) <= 2
        assert all(len(line) <= MAX_LINE for line in cue.lines)
        assert 1.0 <= cue.end - cue.start <= 7.0
    words_back = " ".join(texts(cues)).split()
    assert words_back == text.split()


def test_a_cue_lasts_seven_seconds_at_most_even_when_it_fits_on_two_lines():
    slow = timed("Slowly now, one word at a time", per_word=1.5)
    cues = make_cues(slow)
    assert len(cues) > 1
    assert all(cue.end - cue.start <= 7.0 for cue in cues)


def test_a_short_cue_is_held_for_a_second_but_never_over_the_next():
    cues = make_cues(
        [Word("Hi.", 0.0, 0.2)] + [Word(f"w{i}", 0.5 + i * 0.4, 0.8 + i * 0.4) for i in range(20)]
    )
    assert cues[0].text == "Hi."
    assert cues[0].end == pytest.approx(0.5)  # held until the next cue, not a full second
    last = make_cues([Word("Bye.", 3.0, 3.2)], total=10)
    assert last[0].end == pytest.approx(4.0)


@pytest.mark.parametrize(
    "tokens, expected",
    [
        (["short", "line"], ["short line"]),
        (
            [
                "the",
                "quick",
                "brown",
                "fox",
                "jumps",
                "over",
                "the",
                "lazy",
                "dog",
                "and",
                "keeps",
                "on",
                "running",
            ],
            ["the quick brown fox jumps over", "the lazy dog and keeps on running"],
        ),
        (["x" * 30] * 3, None),
    ],
)
def test_wrap_makes_two_even_lines_or_says_it_cannot(tokens, expected):
    assert wrap(tokens) == expected
