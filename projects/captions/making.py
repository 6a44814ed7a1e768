"""Making a finished video's captions, in the worker after archiving.

The words come from the render's script (a Kling voice), or the script
pasted on its recorded voiceover; without one, English speech is recognized.
Captions failing never fails the render: they can be made again from the
render page.
"""

import logging
import tempfile
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from projects.media.ffmpeg import FfmpegFailed, pcm_16k_mono
from projects.models import Caption, CaptionSource, Render, RenderStatus

from .align import MODEL_LANGUAGES, align_script, language_of
from .cues import make_cues
from .recognize import recognize

log = logging.getLogger(__name__)

VIDEO_DEMUXER = "mov"


def script_of(render: Render) -> tuple[str, str]:
    """The words spoken in the video, if known, and their language."""
    if render.script:
        return render.script, render.voice_language or "en"
    if render.voiceover_id and render.voiceover.transcript.strip():
        return render.voiceover.transcript, render.voiceover.transcript_language or "en"
    language = render.voiceover.transcript_language if render.voiceover_id else "en"
    return "", language or "en"


def video_pcm(render: Render) -> bytes:
    with tempfile.TemporaryDirectory(prefix="captions-") as tmp:
        path = Path(tmp) / "video.mp4"
        with render.video.open("rb") as source, path.open("wb") as out:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                out.write(chunk)
        return pcm_16k_mono(path, VIDEO_DEMUXER)


def captions_from_audio(pcm: bytes, script: str, language: str) -> tuple[str, list[dict]] | None:
    """(source, cues) for audio, or None when nothing can be made (no
    script, and a language the recognizer has no model for)."""
    total = len(pcm) / 32000
    if script.strip():
        timing = align_script(pcm, script, language)
        source = CaptionSource.ALIGNED if timing.method == "aligned" else CaptionSource.PROPORTIONAL
        words = timing.words
    elif language_of(language) in MODEL_LANGUAGES:
        source, words = CaptionSource.RECOGNIZED, recognize(pcm)
    else:
        return None
    return source, [cue.as_json() for cue in make_cues(words, total=total)]


def make_for_render(render_id: int) -> str:
    render = Render.objects.select_related("voiceover").filter(pk=render_id).first()
    if render is None or render.status != RenderStatus.DONE or not render.video:
        return "not-done"
    script, language = script_of(render)
    try:
        made = captions_from_audio(video_pcm(render), script, language)
    except (FfmpegFailed, OSError, RuntimeError, ValueError) as error:
        log.warning("Captions for render %s could not be made: %s", render.code, error)
        return "failed"
    if made is None:
        return "no-model"
    source, cues = made
    with transaction.atomic():
        Render.objects.select_for_update().filter(pk=render.pk).first()
        latest = render.captions.aggregate(v=Max("version"))["v"] or 0
        Caption.objects.create(
            render=render,
            source=source,
            language=language_of(language),
            cues=cues,
            version=latest + 1,
        )
    return source
