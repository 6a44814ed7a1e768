"""The documented checks on a create or TTS body; every failure is 400/1201.

Kling does not publish its exact messages, so these say plainly which rule was
broken and with what value, the way Kling's own messages name the field.
"""

import io
import math
from dataclasses import dataclass

from PIL import Image

from . import media
from .errors import ApiError, invalid

IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MIN_SIDE = 300
IMAGE_MAX_RATIO = 2.5
AUDIO_MAX_BYTES = 5 * 1024 * 1024
AUDIO_MIN_SECONDS = 2
AUDIO_MAX_SECONDS = 300
PROMPT_MAX_CHARS = 2500
MODES = ("std", "pro")
TTS_MAX_CHARS = 1000
TTS_LANGUAGES = ("en", "zh")
TTS_SPEED_RANGE = (0.8, 2.0)


@dataclass
class CreateRequest:
    image: bytes
    image_format: str
    audio: bytes
    audio_format: str
    audio_seconds: float
    audio_id: str
    prompt: str
    mode: str
    watermark: bool
    callback_url: str
    external_task_id: str


@dataclass
class TtsRequest:
    text: str
    voice_id: str
    voice_language: str
    voice_speed: float


def require_object(body):
    if not isinstance(body, dict):
        raise ApiError(1200, "Invalid request parameters: the body must be a JSON object")
    return body


def optional_string(body, name, max_chars=None):
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid(f"{name} must be a string")
    if max_chars is not None and len(value) > max_chars:
        raise invalid(f"{name} cannot exceed {max_chars} characters (got {len(value)})")
    return value


def parse_create(body, find_audio, external_id_taken):
    """Check a create body; ``find_audio(audio_id)`` gives TTS bytes or None."""
    require_object(body)
    mode = body.get("mode") or "std"
    if mode not in MODES:
        raise invalid(f"mode must be one of std, pro (got {mode!r})")
    prompt = optional_string(body, "prompt", PROMPT_MAX_CHARS)
    watermark = _watermark(body.get("watermark_info"))
    callback_url = optional_string(body, "callback_url").strip()
    if callback_url and not callback_url.lower().startswith(("http://", "https://")):
        raise invalid("callback_url must be an http(s) URL")
    external_task_id = optional_string(body, "external_task_id", 256)
    if external_task_id and external_id_taken(external_task_id):
        raise duplicate_external_id(external_task_id)

    sound_file, audio_id = body.get("sound_file"), body.get("audio_id")
    if sound_file and audio_id:
        raise invalid("audio_id and sound_file are mutually exclusive: provide only one")
    if not sound_file and not audio_id:
        raise invalid("Either audio_id or sound_file must be provided")

    image, image_format = check_image(body.get("image"))
    if audio_id:
        if not isinstance(audio_id, str):
            raise invalid("audio_id must be a string")
        audio = find_audio(audio_id)
        if audio is None:
            raise invalid(f"audio_id not found or expired: {audio_id}")
    else:
        audio = media.load_bytes(sound_file, "sound_file", AUDIO_MAX_BYTES)
    audio_format, seconds = check_audio(audio)
    return CreateRequest(
        image=image,
        image_format=image_format,
        audio=audio,
        audio_format=audio_format,
        audio_seconds=seconds,
        audio_id=audio_id or "",
        prompt=prompt,
        mode=mode,
        watermark=watermark,
        callback_url=callback_url,
        external_task_id=external_task_id,
    )


def duplicate_external_id(external_task_id):
    return invalid(
        f"external_task_id already exists: {external_task_id!r} is used by another task "
        "of this account"
    )


def _watermark(value):
    if value is None:
        return False
    if not isinstance(value, dict) or not isinstance(value.get("enabled", False), bool):
        raise invalid('watermark_info must be {"enabled": true|false}')
    return value.get("enabled", False)


def check_image(value):
    data = media.load_bytes(value, "image", IMAGE_MAX_BYTES)
    image_format = media.sniff_image(data)
    if image_format is None:
        raise invalid("Image format is not supported: only jpg/jpeg/png are accepted")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError:
        raise invalid("Image pixel is invalid: too many pixels")
    except Exception:  # Pillow raises many kinds on damaged files
        raise invalid("Image is damaged or cannot be decoded")
    if min(width, height) < IMAGE_MIN_SIDE:
        raise invalid(
            f"Image dimensions must be at least {IMAGE_MIN_SIDE}px on each side "
            f"(got {width}x{height})"
        )
    ratio = width / height
    if ratio > IMAGE_MAX_RATIO or ratio < 1 / IMAGE_MAX_RATIO:
        raise invalid(f"Image aspect ratio must be between 1:2.5 and 2.5:1 (got {width}x{height})")
    return data, image_format


def check_audio(data):
    audio_format = media.sniff_audio(data)
    if audio_format is None:
        raise invalid("Audio format is not supported: only mp3/wav/m4a/aac are accepted")
    seconds = media.audio_duration(data)
    if seconds is None:
        raise invalid("Audio is damaged or cannot be decoded")
    if not AUDIO_MIN_SECONDS <= seconds <= AUDIO_MAX_SECONDS:
        raise invalid(
            f"Audio duration must be between {AUDIO_MIN_SECONDS} and {AUDIO_MAX_SECONDS} "
            f"seconds (got {seconds:.2f}s)"
        )
    return audio_format, seconds


def parse_tts(body, voices):
    """``voices`` maps voice_id to its language."""
    require_object(body)
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise invalid("text is required")
    if len(text) > TTS_MAX_CHARS:
        raise invalid(f"text cannot exceed {TTS_MAX_CHARS} characters (got {len(text)})")
    language = body.get("voice_language") or "en"
    if language not in TTS_LANGUAGES:
        raise invalid(f"voice_language must be one of en, zh (got {language!r})")
    voice_id = body.get("voice_id")
    if not isinstance(voice_id, str) or voices.get(voice_id) != language:
        raise invalid("Voice id not found")
    speed = body.get("voice_speed", 1.0)
    if isinstance(speed, bool) or not isinstance(speed, int | float) or not math.isfinite(speed):
        raise invalid("voice_speed must be a number")
    low, high = TTS_SPEED_RANGE
    if not low <= speed <= high:
        raise invalid(f"voice_speed must be between {low} and {high} (got {speed})")
    return TtsRequest(
        text=text, voice_id=voice_id, voice_language=language, voice_speed=float(speed)
    )
