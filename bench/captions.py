"""How well captions are timed to a script, and how long it takes.

    python bench/captions.py [--voices 8]

Makes test voiceovers with espeak-ng from known texts: each word spoken on
its own and joined with known silences (longer after punctuation), so the
moment each word becomes audible is known to the sample
(tests/captions/voices.py). Each is aligned to its text as the worker does it
(projects/captions: pocketsphinx forced alignment with its bundled US-English
model, syllable timing where alignment fails), cut into cues, and each cue's
start is compared with the true start of its first word. Prints the median
and p95 cue-start error in ms, the same for every word, which method timed
each voiceover, and the seconds of processing per minute of audio.

The project's own samples (projects/demo/voiceover-en.mp3, -fr.m4a) have no
script on record, so their cue-start error cannot be measured: they are
timed (recognition for English, nothing for French) and their processing
speed is printed. Prints figures and asserts nothing. No Django needed.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from projects.captions.align import align_script  # noqa: E402
from projects.captions.cues import make_cues  # noqa: E402
from projects.captions.recognize import recognize  # noqa: E402
from projects.media.ffmpeg import pcm_16k_mono  # noqa: E402
from tests.captions.voices import ESPEAK, TEXTS, make_voiceover  # noqa: E402

MORE_TEXTS = [
    "Start your free trial today. No credit card is needed, and you can cancel at any time.",
    "Our support team answers every question within one business day, in English or French.",
    "This quarter we grew revenue by twelve percent, thanks to our partners and customers.",
    "Record once, publish everywhere: the same video works on the web, on phones and on TV.",
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(text, folder, seed):
    wav = folder / f"voice-{seed}.wav"
    truth = make_voiceover(text, wav, seed=seed)
    pcm = pcm_16k_mono(wav, "wav")
    began = time.perf_counter()
    timing = align_script(pcm, text, "en")
    cues = make_cues(timing.words, total=len(pcm) / 32000)
    seconds = time.perf_counter() - began
    word_errors = [
        abs(word.start - start) * 1000
        for word, (_, start, _) in zip(timing.words, truth, strict=True)
    ]
    cue_errors, index = [], 0
    for cue in cues:
        cue_errors.append(abs(cue.start - truth[index][1]) * 1000)
        index += len(cue.text.split())
    return timing.method, cue_errors, word_errors, seconds, len(pcm) / 32000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, default=len(TEXTS) + len(MORE_TEXTS))
    options = parser.parse_args()
    if ESPEAK is None:
        sys.exit("espeak-ng is not installed: it speaks the test voiceovers.")
    texts = (TEXTS + MORE_TEXTS) * (1 + options.voices // (len(TEXTS) + len(MORE_TEXTS)))
    cue_errors, word_errors, busy, audio, methods = [], [], 0.0, 0.0, []
    with tempfile.TemporaryDirectory() as tmp:
        for seed, text in enumerate(texts[: options.voices]):
            method, cues, words, seconds, length = measure(text, Path(tmp), seed)
            methods.append(method)
            cue_errors += cues
            word_errors += words
            busy += seconds
            audio += length
            print(
                f"voice {seed + 1:2d}: {length:5.1f} s, {method:12s} cue starts: median "
                f"{statistics.median(cues):4.0f} ms, worst {max(cues):4.0f} ms "
                f"({seconds:.1f} s to time)"
            )
    print()
    print(f"espeak-ng voiceovers: {len(methods)}, {audio:.0f} s of audio, {len(cue_errors)} cues")
    print(f"  aligned: {methods.count('aligned')}, by syllables: {methods.count('proportional')}")
    print(
        f"  cue-start error:  median {statistics.median(cue_errors):.0f} ms, "
        f"p95 {percentile(cue_errors, 0.95):.0f} ms  (target: median ≤ 150, p95 ≤ 400)"
    )
    print(
        f"  word-start error: median {statistics.median(word_errors):.0f} ms, "
        f"p95 {percentile(word_errors, 0.95):.0f} ms"
    )
    print(f"  processing: {busy / audio * 60:.1f} s per minute of audio")
    print()
    for sample in ("voiceover-en.mp3", "voiceover-fr.m4a"):
        path = ROOT / "projects" / "demo" / sample
        demuxer = "mp3" if sample.endswith("mp3") else "mov"
        pcm = pcm_16k_mono(path, demuxer)
        length = len(pcm) / 32000
        if sample.endswith("-en.mp3"):
            began = time.perf_counter()
            words = recognize(pcm)
            seconds = time.perf_counter() - began
            heard = " ".join(w.text for w in words)
            print(
                f"{sample}: no script on record, so no error can be measured; recognized in "
                f"{seconds / length * 60:.1f} s per minute: “{heard}”"
            )
        else:
            print(f"{sample}: no script on record and no French model: no captions made.")


if __name__ == "__main__":
    main()
