"""The worker burns captions and the "AI-generated" label into a copy of a
finished video with real ffmpeg: the picture changes where they are drawn,
the sound and the length stay, and a failure leaves a plain message."""

import io
import subprocess

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from projects import tasks
from projects.exports.services import export_request, export_retry
from projects.media.ffmpeg import executable
from projects.models import ExportState, VideoExport
from projects.renders.archiving import probe_video


def frame(data_or_path, tmp_path, at=1.0) -> Image.Image:
    source = data_or_path
    if isinstance(data_or_path, bytes):
        source = tmp_path / "in.mp4"
        source.write_bytes(data_or_path)
    result = subprocess.run(
        [executable(), "-v", "error", "-ss", str(at), "-i", str(source), "-frames:v", "1",
         "-f", "image2pipe", "-vcodec", "png", "-"],
        check=True, capture_output=True,
    )  # fmt: skip
    return Image.open(io.BytesIO(result.stdout)).convert("RGB")


def changed(before: Image.Image, after: Image.Image, box) -> int:
    """How many pixels in `box` differ clearly between the two frames."""
    a, b = before.crop(box).tobytes(), after.crop(box).tobytes()
    count = 0
    for i in range(0, len(a), 3):
        if sum(abs(a[i + k] - b[i + k]) for k in range(3)) > 60:
            count += 1
    return count


def label_only(render, user):
    return export_request(render=render, burn_captions=False, ai_label=True, requested_by=user)


TOP_RIGHT = (220, 0, 320, 40)
BOTTOM = (0, 180, 320, 240)
TOP_LEFT = (0, 0, 100, 100)


def made(export):
    export.refresh_from_db()
    assert export.state == ExportState.READY, export.error
    with export.file.open("rb") as fh:
        return fh.read()


def test_the_label_is_drawn_in_the_top_right_corner_and_nothing_else_changes(
    render, alice, enqueued, tmp_path, real_video
):
    export, new = export_request(
        render=render, burn_captions=False, ai_label=True, requested_by=alice
    )
    assert new and export.label_text == "AI-generated"
    assert tasks.make_export(export.pk) == "ready"
    data = made(export)
    before, after = frame(real_video, tmp_path / "a"), frame(data, tmp_path)
    assert changed(before, after, TOP_RIGHT) > 200
    assert changed(before, after, BOTTOM) == 0
    assert changed(before, after, TOP_LEFT) == 0
    path = tmp_path / "out.mp4"
    path.write_bytes(data)
    original = tmp_path / "orig.mp4"
    original.write_bytes(real_video)
    facts, source_facts = probe_video(path), probe_video(original)
    assert facts["has_audio"]
    assert abs(facts["duration"] - source_facts["duration"]) < 0.1


@pytest.fixture(autouse=True)
def _folders(tmp_path):
    (tmp_path / "a").mkdir()


def test_captions_are_drawn_at_the_bottom_and_the_sound_is_copied_bit_for_bit(
    captioned, alice, enqueued, tmp_path, real_video
):
    export, _ = export_request(
        render=captioned, burn_captions=True, ai_label=False, requested_by=alice
    )
    assert tasks.make_export(export.pk) == "ready"
    data = made(export)
    before, after = frame(real_video, tmp_path / "a"), frame(data, tmp_path)
    assert changed(before, after, BOTTOM) > 200
    assert changed(before, after, TOP_RIGHT) == 0
    # The audio stream is copied, not re-encoded: the same AAC packets.
    original, out = tmp_path / "orig.mp4", tmp_path / "out.mp4"
    original.write_bytes(real_video)
    out.write_bytes(data)

    def packets(path):
        return subprocess.run(
            [executable(), "-v", "error", "-i", str(path), "-map", "0:a:0", "-c", "copy",
             "-f", "adts", "-"],
            check=True, capture_output=True,
        ).stdout  # fmt: skip

    assert packets(out) == packets(original)


def test_both_at_once_are_named_after_the_title(captioned, alice, enqueued, tmp_path):
    export, _ = export_request(
        render=captioned, burn_captions=True, ai_label=True, label_text="Made with AI",
        requested_by=alice,
    )  # fmt: skip
    assert tasks.make_export(export.pk) == "ready"
    assert export.note() == "captions, AI label"
    assert len(made(export)) > 1000


def test_a_duplicate_delivery_does_nothing(render, alice, enqueued):
    export, _ = export_request(
        render=render, burn_captions=False, ai_label=True, requested_by=alice
    )
    assert tasks.make_export(export.pk) == "ready"
    assert tasks.make_export(export.pk) == "not-queued"


def test_a_video_ffmpeg_cannot_read_fails_in_plain_words_and_can_be_retried(
    render, alice, enqueued, real_video
):
    render.video.save("broken.mp4", ContentFile(b"not a video at all" * 100), save=True)
    export, _ = export_request(
        render=render, burn_captions=False, ai_label=True, requested_by=alice
    )
    assert tasks.make_export(export.pk) == "failed"
    export.refresh_from_db()
    assert export.state == ExportState.FAILED
    assert export.error and "ffmpeg" not in export.error and "Traceback" not in export.error
    assert not export.file
    render.refresh_from_db()
    assert render.status == "done" and render.video.name.endswith(".mp4")
    # Fixed, then retried: the same export is made.
    render.video.save("video.mp4", ContentFile(real_video), save=True)
    enqueued.clear()
    assert export_retry(export=VideoExport.objects.get(pk=export.pk))
    assert tasks.make_export(export.pk) == "ready"


def test_a_run_over_the_time_limit_fails_with_the_limit_in_words(render, alice, enqueued, settings):
    settings.EXPORT_FFMPEG_TIMEOUT = 0.01
    export, _ = export_request(
        render=render, burn_captions=False, ai_label=True, requested_by=alice
    )
    assert tasks.make_export(export.pk) == "failed"
    export.refresh_from_db()
    assert export.error == "Making it took longer than a minute, so it was stopped."
