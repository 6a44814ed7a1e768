"""Timing a known script to its audio: forced alignment with pocketsphinx
and the US-English model its wheel ships (nothing is downloaded).

Words the dictionary does not know (brand names, numbers) are not sent to
the aligner; they take the time between their aligned neighbours. When the
aligner stops early (it can give up on a stretch it cannot match), it is run
again on the rest of the audio with the rest of the words; when it finds no
path at all, on the first half of the words (then a quarter…), keeping all
but the last, which takes whatever speech is left. Words it never
places get syllable timing in the speech left. Too few aligned words, or a
language without a model, and the whole script is timed by syllables.
"""

import array
import logging
from dataclasses import dataclass

import pocketsphinx

from . import proportional
from .words import Word, script_tokens, spoken_form

log = logging.getLogger(__name__)

RATE = 16000
FRAME = 0.01  # pocketsphinx's frames are 10 ms
# Languages with a model in the pocketsphinx wheel.
MODEL_LANGUAGES = {"en"}
# Below this share of the script's words aligned, timing by syllables is used.
MIN_ALIGNED_SHARE = 0.75
MAX_PASSES = 12
# A word placed this long, or this long after the one before, is the
# aligner lost in audio it cannot match: its placement stops there.
MAX_WORD = 1.6
MAX_PAUSE = 2.5
_BEAMS = {"beam": 1e-100, "wbeam": 1e-80, "pbeam": 1e-100}


@dataclass
class Timing:
    words: list[Word]
    method: str  # "aligned" or "proportional"


def language_of(code: str) -> str:
    return (code or "en").lower().replace("_", "-").split("-")[0]


def speech_span(pcm: bytes, *, threshold_ratio=0.06) -> tuple[float, float]:
    """When speech starts and ends in the audio: the first and last 10 ms
    frame louder than a share of the loudest frame."""
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) // 2 * 2])
    step = int(RATE * FRAME)
    energies = [
        max((abs(s) for s in samples[i : i + step]), default=0)
        for i in range(0, len(samples), step)
    ]
    if not energies or max(energies) == 0:
        return 0.0, len(samples) / RATE
    floor = max(energies) * threshold_ratio
    loud = [i for i, e in enumerate(energies) if e >= floor]
    return loud[0] * FRAME, (loud[-1] + 1) * FRAME


def decoder(**options):
    # FATAL: a pass that finds no path is expected and handled here; the
    # library would print it as an error on the worker's output.
    return pocketsphinx.Decoder(loglevel="FATAL", **options)


def _align_pass(pcm: bytes, offset: float, spoken: list[str]) -> list[tuple[float, float]]:
    """One pass of the aligner over audio starting `offset` seconds in: the
    times of as many of `spoken`'s first words as it placed."""
    d = decoder(lm=None, **_BEAMS)
    d.set_align_text(" ".join(spoken))
    d.start_utt()
    d.process_raw(pcm[int(offset * RATE) * 2 :], full_utt=True)
    d.end_utt()
    if d.hyp() is None:
        return []
    placed = []
    last_end = offset
    for seg in d.seg():
        if seg.word.startswith(("<", "[")):
            continue
        start, end = offset + seg.start_frame * FRAME, offset + (seg.end_frame + 1) * FRAME
        if start - last_end > MAX_PAUSE or end - start > MAX_WORD:
            break  # not speech any more: the aligner lost its way here
        placed.append((start, end))
        last_end = end
    return placed[: len(spoken)]


def align_known(pcm: bytes, spoken: list[str]) -> list[tuple[float, float] | None]:
    """Times for each of `spoken` (dictionary words), None for those not placed."""
    times: list[tuple[float, float] | None] = []
    offset = 0.0
    for _ in range(MAX_PASSES):
        rest = spoken[len(times) :]
        if not rest:
            break
        placed = _align_pass(pcm, offset, rest)
        size = len(rest)
        while not placed and size > 2:
            # No path for all the words: align the first ones, whose last word
            # takes the rest of the speech and is not kept.
            size //= 2
            placed = _align_pass(pcm, offset, rest[:size])[: size - 1]
        if placed:
            times.extend(placed)
            offset = placed[-1][1]
        else:
            times.append(None)  # nothing fits: go on without this word
    return times + [None] * (len(spoken) - len(times))


def align_script(pcm: bytes, script: str, language: str) -> Timing:
    tokens = script_tokens(script)
    start, end = speech_span(pcm)
    if language_of(language) not in MODEL_LANGUAGES or not tokens:
        return Timing(proportional.time_by_syllables(tokens, start, end), "proportional")
    try:
        dictionary = decoder(lm=None)
        known = [
            i
            for i, t in enumerate(tokens)
            if spoken_form(t) and dictionary.lookup_word(spoken_form(t))
        ]
        placed = align_known(pcm, [spoken_form(tokens[i]) for i in known]) if known else []
    except (RuntimeError, ValueError) as error:
        log.warning("Alignment failed, timing by syllables: %s", error)
        placed = []
    aligned = dict(zip(known, placed, strict=False)) if placed else {}
    aligned = {i: t for i, t in aligned.items() if t is not None}
    if len(aligned) < MIN_ALIGNED_SHARE * len(tokens):
        return Timing(proportional.time_by_syllables(tokens, start, end), "proportional")
    return Timing(_fill_gaps(tokens, aligned, start, end), "aligned")


def _fill_gaps(tokens, aligned, start, end) -> list[Word]:
    """Words with times: the aligned ones as placed, each run of the others
    timed by syllables between its aligned neighbours."""
    words: list[Word] = []
    index = 0
    while index < len(tokens):
        if index in aligned:
            s, e = aligned[index]
            words.append(Word(tokens[index], round(s, 3), round(e, 3)))
            index += 1
            continue
        run_end = index
        while run_end < len(tokens) and run_end not in aligned:
            run_end += 1
        left = words[-1].end if words else start
        right = aligned[run_end][0] if run_end < len(tokens) else max(end, left + 0.2)
        words.extend(proportional.time_by_syllables(tokens[index:run_end], left, max(right, left)))
        index = run_end
    return words
