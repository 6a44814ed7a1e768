"""Text to speech for ``POST /v1/audio/tts``: espeak-ng when installed, else tones.

The result only has to be a real, decodable MP3 whose length follows the text
and the speed, so that ``audio_id`` flows through create like Kling's; the
tone fallback keeps the sandbox working where espeak-ng is not installed.
"""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import imageio_ffmpeg

# Kling voice id -> (voice_language, espeak-ng voice).
VOICES = {
    "oversea_male1": ("en", "en-us"),
    "uk_man2": ("en", "en-gb"),
    "commercial_lady_en_f-v1": ("en", "en-us+f3"),
    "uk_oldman3": ("en", "en-gb-x-rp"),
    "ai_shatang": ("zh", "cmn"),
    "genshin_vindi2": ("zh", "cmn"),
    "zhinen_xuesheng": ("zh", "cmn+f2"),
}
ESPEAK_WORDS_PER_MINUTE = 165
TIMEOUT = 120


def voice_languages():
    return {voice_id: language for voice_id, (language, _) in VOICES.items()}


def espeak_available():
    return shutil.which("espeak-ng") is not None


def engine_in_use(engine):
    """What the ``tts_engine`` option means here: "espeak-ng" or "tones"."""
    if engine == "espeak" or (engine == "auto" and espeak_available()):
        return "espeak-ng"
    return "tones"


def synthesize(text, voice_id, speed, engine, target):
    """Write an MP3 to ``target``; returns the engine used ("espeak-ng" or "tones")."""
    use_espeak = engine_in_use(engine) == "espeak-ng"
    with tempfile.TemporaryDirectory() as work:
        wav = Path(work) / "speech.wav"
        if use_espeak:
            _espeak(text, VOICES[voice_id][1], speed, wav)
            source = ["-i", str(wav)]
        else:
            source = ["-f", "lavfi", "-i", _tone_source(text, speed)]
        partial = Path(work) / "speech.mp3"
        _run(
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "error",
                "-y",
                *source,
                "-ac",
                "1",
                "-ar",
                "22050",
                "-c:a",
                "libmp3lame",
                "-b:a",
                "64k",
                str(partial),
            ]
        )
        shutil.move(partial, target)
    return "espeak-ng" if use_espeak else "tones"


def _espeak(text, voice, speed, wav):
    words_per_minute = str(round(ESPEAK_WORDS_PER_MINUTE * speed))
    # Text on stdin (-b 1: UTF-8) so it can never be read as an option.
    _run(
        ["espeak-ng", "-b", "1", "-v", voice, "-s", words_per_minute, "-w", str(wav)],
        stdin=text.encode(),
    )


def _tone_source(text, speed):
    """Syllable-like pulses of a gliding tone, as long as speech of the text would be."""
    cjk = len(re.findall(r"[\u3000-\u9fff\uff00-\uffef]", text))
    seconds = max(0.5, (0.07 * (len(text) - cjk) + 0.25 * cjk) / speed)
    expression = "0.3*sin(2*PI*(170+40*sin(2*PI*0.7*t))*t)*(0.55+0.45*sin(2*PI*4*t))"
    return f"aevalsrc=exprs='{expression}':s=22050:d={seconds:.3f}"


def _run(command, stdin=None):
    result = subprocess.run(command, input=stdin, capture_output=True, timeout=TIMEOUT)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode(errors="replace")[-300:])
