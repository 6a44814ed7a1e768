"""The limits a portrait and a voiceover must meet.

Kling's own limits live in ``projects.kling.limits`` and are re-exported here;
the others are ours: they bound the work a single upload can cause. Every
check and every message in this package is built from these names.
"""

from projects.kling.limits import (  # noqa: F401 (re-exported: the media checks read them here)
    MB,
    PORTRAIT_FORMATS,
    PORTRAIT_MAX_ASPECT,
    PORTRAIT_MAX_BYTES,
    PORTRAIT_MIN_SIDE,
    PROMPT_MAX_CHARS,
    SCRIPT_CHARS_PER_SECOND,
    SCRIPT_MAX_CHARS,
    UNITS_PER_SECOND,
    VOICEOVER_FORMATS,
    VOICEOVER_MAX_BYTES,
    VOICEOVER_MAX_SECONDS,
    VOICEOVER_MIN_SECONDS,
)

# --- Portrait (ours) ----------------------------------------------------------
# Still images in these formats are converted to PNG or JPEG rather than refused.
# HEIC (HEIF with HEVC inside) is what iPhones take photos in; pillow-heif reads it.
PORTRAIT_CONVERTIBLE_FORMATS = ("webp", "gif", "heic")
# Decoding allocates up to 4 bytes per pixel: 50 million pixels is 200 MB of memory.
# Anything bigger is refused before it is decoded (a "decompression bomb").
PORTRAIT_MAX_PIXELS = 50_000_000
# When a portrait must be re-encoded as JPEG, the qualities we try, best first.
# Below the last one we reduce the dimensions instead of the quality.
JPEG_QUALITIES = (95, 92, 90, 87, 85, 82, 80, 75, 70, 65, 60)
# The quality used while reducing the dimensions, once no quality above fits.
JPEG_DOWNSCALE_QUALITY = 85
# A photo whose longer side is over this many pixels opens the crop step in the
# browser, as an offer the person may skip (a photo outside Kling's aspect ratio
# opens it too, and there cropping is the only way in). 4096 pixels is more than
# a 4K video frame is wide (3840): such a photo holds far more than an avatar
# video can show, and is usually a whole scene where the face is a small part.
# Framing the face and shoulders helps the avatar more than the extra pixels,
# and a crop often avoids re-encoding to fit Kling's 10 MB as well.
PORTRAIT_CROP_OFFER_ABOVE = 4096

# --- Voiceover (ours) ---------------------------------------------------------
# Recordings in these formats are converted to MP3 rather than refused. WebM is
# what browsers record (MediaRecorder), usually with Opus inside.
VOICEOVER_CONVERTIBLE_FORMATS = ("ogg", "opus", "flac", "webm")
# MP3 bitrates (kbps) we may transcode to, best first: the best one whose file
# fits under VOICEOVER_MAX_BYTES for the voiceover's duration is used.
MP3_BITRATES = (192, 160, 128, 112, 96, 80, 64, 48, 40, 32)
MP3_SAMPLE_RATE = 44100
MP3_CHANNELS = 1  # a voice needs no stereo, and mono halves the size
# Leave room for the MP3's own headers and frame rounding when picking a bitrate.
MP3_SIZE_MARGIN = 0.97
# Decoding stops after this much audio: enough to tell that a voiceover is too
# long without spending minutes on a two-hour file.
DECODE_CAP_SECONDS = 2 * VOICEOVER_MAX_SECONDS
# A declared duration (WAV, M4A, FLAC, MP3 with a Xing header) longer than the
# decoded one by more than this means the file was cut short.
TRUNCATION_TOLERANCE_SECONDS = 0.25

# --- Both ---------------------------------------------------------------------
# Uploads larger than this are refused before any decoding; it matches the
# default of settings.MAX_UPLOAD_BYTES.
MAX_INPUT_BYTES = 50 * MB
# Wall-clock limit for one ffmpeg run (decoding 10 minutes of audio takes ~1 s).
FFMPEG_TIMEOUT_SECONDS = 60

# --- Names, types and extensions ----------------------------------------------
FORMAT_LABELS = {
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "gif": "GIF",
    "heic": "HEIC",
    "avif": "AVIF",
    "tiff": "TIFF",
    "psd": "Photoshop",
    "bmp": "BMP",
    "mp3": "MP3",
    "wav": "WAV",
    "m4a": "M4A",
    "aac": "AAC",
    "ogg": "Ogg Vorbis",
    "opus": "Opus",
    "flac": "FLAC",
    "webm": "WebM",
}
CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
}
EXTENSIONS = {
    "jpeg": ".jpg",
    "png": ".png",
    "mp3": ".mp3",
    "wav": ".wav",
    "m4a": ".m4a",
    "aac": ".aac",
}


def browser_limits() -> dict:
    """What the page's scripts check before anything is sent (the server
    stays the authority), rendered once per page as the "media-limits"
    JSON block: upload pre-checks, text counters and the cost estimate."""
    return {
        "portraitMaxBytes": PORTRAIT_MAX_BYTES,
        "portraitMinSide": PORTRAIT_MIN_SIDE,
        "portraitMaxAspect": float(PORTRAIT_MAX_ASPECT),
        "portraitMaxPixels": PORTRAIT_MAX_PIXELS,
        "portraitCropOfferAbove": PORTRAIT_CROP_OFFER_ABOVE,
        "voiceoverMaxBytes": VOICEOVER_MAX_BYTES,
        "voiceoverMinSeconds": VOICEOVER_MIN_SECONDS,
        "voiceoverMaxSeconds": VOICEOVER_MAX_SECONDS,
        "maxUploadBytes": MAX_INPUT_BYTES,
        "promptMaxChars": PROMPT_MAX_CHARS,
        "scriptMaxChars": SCRIPT_MAX_CHARS,
        "unitsPerSecond": UNITS_PER_SECOND,
        # A Kling voice's script is estimated by its length (projects.kling.limits).
        "scriptCharsPerSecond": SCRIPT_CHARS_PER_SECOND,
    }
