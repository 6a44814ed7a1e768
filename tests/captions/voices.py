"""Test voiceovers with known word times, spoken by espeak-ng.

Each word is synthesized on its own and the words are joined with known
silences (longer after punctuation), so the moment each word becomes audible
is known to the sample. Used by the alignment tests and bench/captions.py.
"""

import array
import random
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

ESPEAK = shutil.which("espeak-ng")
THRESHOLD = 500  # of 32767: where a word becomes audible


def _onset_and_end(samples: array.array) -> tuple[int, int]:
    loud = [i for i, s in enumerate(samples) if abs(s) >= THRESHOLD]
    return (loud[0], loud[-1] + 1) if loud else (0, len(samples))


def make_voiceover(text: str, destination: Path, *, seed=0, voice="en-us", speed=165):
    """Writes a WAV of `text` at `destination`; returns [(word, start, end)]
    in seconds, when each word is audible."""
    rng = random.Random(seed)
    words = text.split()
    rate, out, truth = None, array.array("h"), []
    with tempfile.TemporaryDirectory() as tmp:
        for index, word in enumerate(words):
            path = Path(tmp) / f"{index}.wav"
            subprocess.run(
                [ESPEAK, "-v", voice, "-s", str(speed), "-w", str(path), word],
                check=True,
                capture_output=True,
            )
            with wave.open(str(path)) as wav:
                rate = wav.getframerate()
                samples = array.array("h")
                samples.frombytes(wav.readframes(wav.getnframes()))
            onset, end = _onset_and_end(samples)
            samples = samples[onset:end]  # trimmed: the word starts where it is placed
            gap = 0.04 + rng.random() * 0.08
            if index and words[index - 1][-1] in ".!?":
                gap += 0.35
            elif index and words[index - 1][-1] in ",;:":
                gap += 0.18
            if index == 0:
                gap = 0.3
            out.extend([0] * int(gap * rate))
            start = len(out) / rate
            out.extend(samples)
            truth.append((word, start, len(out) / rate))
        out.extend([0] * int(0.4 * rate))
    with wave.open(str(destination), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(out.tobytes())
    return truth


TEXTS = [
    "Meet Astra, the avatar studio for busy marketing teams. Upload a portrait, add your "
    "voice, and get a talking video in minutes.",
    "Our spring collection arrives next week. Every order over fifty dollars ships free, "
    "and returns are always easy.",
    "Captions matter because most people watch videos with the sound off. Good captions "
    "use the exact words of the script, timed to the speech.",
    "Thank you for joining the webinar today. In the next ten minutes we will show three "
    "ways to reach new customers on social media.",
]
