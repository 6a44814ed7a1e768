"""What Kling's Avatar API allows, written once.

Every check and message in the product reads these names: the forms, the
Render model's field lengths, the client's cheap pre-checks, the media
inspection (``projects.media.limits`` adds our own bounds on top) and, through
``projects.media.limits.browser_limits()`` rendered as one JSON block in the
page, the JavaScript.
A change to Kling's documentation is a change to this file only.

Source: Kling's Avatar API reference (shared/kling-api.md at the time of
writing).
"""

from fractions import Fraction

MB = 1024 * 1024  # "10 MB" means 10 * 1024 * 1024 bytes, as Django's filesizeformat counts.

# --- The portrait (create's `image`) --------------------------------------------
PORTRAIT_FORMATS = ("jpeg", "png")
PORTRAIT_MAX_BYTES = 10 * MB
PORTRAIT_MIN_SIDE = 300  # pixels, on each side
# The longer side may be at most 2.5 times the shorter one (1:2.5 to 2.5:1, inclusive).
PORTRAIT_MAX_ASPECT = Fraction(5, 2)

# --- The voiceover (create's `sound_file`, or a TTS `audio_id`) --------------------
VOICEOVER_FORMATS = ("mp3", "wav", "m4a", "aac")
VOICEOVER_MAX_BYTES = 5 * MB
VOICEOVER_MIN_SECONDS = 2
VOICEOVER_MAX_SECONDS = 300

# --- Text ---------------------------------------------------------------------
# The direction: actions, emotions, camera.
PROMPT_MAX_CHARS = 2500
# What a Kling voice reads (text to speech).
SCRIPT_MAX_CHARS = 1000
VOICE_LANGUAGES = ("en", "zh")
MIN_VOICE_SPEED, MAX_VOICE_SPEED = 0.8, 2.0

# --- Modes and cost -------------------------------------------------------------
MODES = ("std", "pro")
# Published figures, used only for estimates shown before submitting; the
# provider's final_unit_deduction is what we keep.
UNITS_PER_SECOND = {"std": 0.4, "pro": 0.8}
# Ours, not Kling's: how fast a Kling voice reads, to estimate a script's cost
# before text-to-speech makes the audio. About 15 characters a second is an
# ordinary speaking pace (some 150 words a minute); it only has to be close
# enough for budgets to apply to scripts as well as to uploaded voiceovers.
SCRIPT_CHARS_PER_SECOND = 15

# --- Listing tasks --------------------------------------------------------------
MAX_PAGE_NUM, MAX_PAGE_SIZE = 1000, 500

# --- Results --------------------------------------------------------------------
# Kling deletes result files after this many days.
RESULT_RETENTION_DAYS = 30


def script_seconds(script: str) -> float:
    """About how many seconds a Kling voice takes to read ``script``."""
    return round(len(script.strip()) / SCRIPT_CHARS_PER_SECOND, 2)


def estimated_units(seconds: float | None, mode: str) -> float | None:
    """About how many units a video of ``seconds`` costs in ``mode``."""
    if not seconds:
        return None
    return round(seconds * UNITS_PER_SECOND[mode], 2)
