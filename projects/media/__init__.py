"""Media probing, validation and auto-conform for portraits and voiceovers.

Pure functions on local files: no models, no views, no Django imports. Formats
are detected from the content, never from the name or the browser's type. The
limits live in ``projects.media.limits``, and every message is built from them.

Public API::

    detect_kind(path) -> "portrait" | "voiceover" | None

    inspect_portrait(path) -> PortraitInfo
    inspect_voiceover(path) -> VoiceoverInfo
        Measure only; never raise. ``accepted``: Kling would take this very
        file. ``refused``: it would not and we cannot fix it (``reason`` is the
        refusal sentence, ``code`` its MediaRefused code). ``conformable``: Kling
        would not take it as it is, but prepare_* can fix it (``reason`` says
        what is wrong). ``changes``: what prepare_* would do, even to an accepted
        file (turn a photo upright, remove its location data). Measured fields:
        ``format``, ``bytes``; portraits ``width``, ``height`` (as displayed,
        after EXIF orientation), ``orientation``, ``has_location``,
        ``has_alpha``, ``frames``, ``mode``; voiceovers ``duration_seconds``
        (decoded, exact), ``duration_exact``, ``header_seconds`` (mutagen's),
        ``codec``, ``sample_rate``, ``channels``, ``bitrate``, ``has_video``.
        ``as_dict()`` gives them JSON-ready.

    prepare_portrait(path, workdir) -> Prepared
    prepare_voiceover(path, workdir) -> Prepared
        Check, conform when possible, and describe the final file. Raise
        MediaRefused, and nothing else, otherwise. ``Prepared`` has ``kind``,
        ``path`` (the original when nothing changed, else a new file in
        ``workdir`` that the caller owns and should delete after saving it),
        ``changed``, ``format`` ("jpeg", "png", "mp3", "wav", "m4a" or "aac"),
        ``content_type``, ``extension`` (".jpg"...), ``bytes``, ``sha256``,
        ``notes`` (plain sentences on what was done), and the final file's
        ``width``/``height`` or ``duration_seconds``/``sample_rate``/
        ``channels``/``bitrate``.

    crop_portrait(path, CropBox(x, y, width, height), workdir) -> Prepared
        Crop a portrait to the frame the person chose in the browser (pixels
        of the photo as displayed, after its EXIF orientation), then check and
        conform it as prepare_portrait does. The frame is untrusted: one that
        is not whole numbers, is empty, leaves the photo, or gives a photo
        Kling would refuse raises MediaRefused. The first note says "We
        cropped it to W × H pixels as you chose."

    MediaRefused(Exception)
        ``message``: one plain sentence with the measured numbers and the limit,
        sometimes followed by a short suggestion, for the person who uploaded
        the file. ``code``: stable, for programs (see errors.py). ``kind``:
        "portrait" or "voiceover". ``detail``: technical context for logs.

What is conformed, and how:

- portraits: WebP, still GIF and HEIC (iPhone photos, read with pillow-heif)
  become PNG (when some pixel is transparent) or JPEG; an EXIF orientation is
  applied; EXIF (and with it GPS location) is dropped whenever the photo is
  re-encoded, and a photo with location data is always re-encoded; a photo
  over 10 MB is re-encoded to fit (PNG compressed harder first, then JPEG at
  the best quality that fits, then smaller dimensions as a last resort, never
  below 300 pixels a side).
- voiceovers: Ogg Vorbis, Opus, FLAC and WebM become MP3; a voiceover over
  5 MB first loses its tags and cover art (the sound is copied untouched) and,
  if that is not enough, is re-encoded as MP3 at the best bitrate that fits
  its duration (mono, 44.1 kHz); a video track is left out.
- never: trimming sound, padding a photo, upscaling, or cropping a photo the
  person did not frame (only crop_portrait crops, to the frame they chose).
  Those are refusals with a suggestion.

Where things are:

- ``inspection.py``: the steps both kinds go through, in order (size, sniffing,
  measuring, checking, changes, conforming), the refusals both give, and the
  building of the results; ``Inspection`` is the base class of both kinds.
- ``portrait.py``, ``voiceover.py``: what is each kind's own (measuring,
  refusals, what would change) and the public inspect_* and prepare_*.
- ``portrait_conform.py``: re-encoding a photo (upright, without EXIF, as PNG
  or JPEG, under the size limit).
- ``portrait_crop.py``: cropping a photo to the frame the person chose
  (crop_portrait), the frame checked as untrusted input.
- ``voiceover_conform.py``: copying or transcoding a recording with ffmpeg.
- ``limits.py``: every limit (Kling's own come from ``projects.kling.limits``);
  ``wording.py``: numbers and names as the messages print them; ``sniff.py``:
  the format from the first bytes; ``ffmpeg.py``: the one place that runs
  ffmpeg; ``results.py``: the Info and Prepared classes; ``errors.py``:
  MediaRefused.

Example, in an upload view (the upload written to a temporary file first)::

    try:
        prepared = prepare_portrait(upload_path, workdir)
    except MediaRefused as refusal:
        form.add_error("portrait", ValidationError(refusal.message, code=refusal.code))
    else:
        project.portrait.save(f"{uuid4()}{prepared.extension}", File(open(prepared.path, "rb")))
        for note in prepared.notes:
            messages.info(request, note)
"""

from .errors import MediaRefused
from .portrait import inspect_portrait, prepare_portrait
from .portrait_crop import CropBox, crop_portrait
from .results import PortraitInfo, Prepared, VoiceoverInfo
from .sniff import detect_kind
from .voiceover import inspect_voiceover, prepare_voiceover

__all__ = [
    "CropBox",
    "MediaRefused",
    "PortraitInfo",
    "Prepared",
    "VoiceoverInfo",
    "crop_portrait",
    "detect_kind",
    "inspect_portrait",
    "inspect_voiceover",
    "prepare_portrait",
    "prepare_voiceover",
]
