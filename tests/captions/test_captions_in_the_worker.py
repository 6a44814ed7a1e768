"""The worker makes a finished video's captions from its audio, and a
failure there never touches the video."""

import subprocess

import pytest
from django.core.files.base import ContentFile

from projects import tasks
from projects.captions.editing import captions_edit
from projects.media.ffmpeg import executable
from projects.models import Caption, Render, RenderStatus
from tests.captions.voices import ESPEAK, TEXTS, make_voiceover
from tests.factories import voiceover_asset

pytestmark = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")


@pytest.fixture(scope="module")
def spoken_video(tmp_path_factory):
    folder = tmp_path_factory.mktemp("video")
    make_voiceover(TEXTS[1], folder / "voice.wav", seed=2)
    video = folder / "video.mp4"
    subprocess.run(
        [
            executable(), "-v", "error", "-f", "lavfi", "-i", "color=c=navy:s=64x64:r=10",
            "-i", str(folder / "voice.wav"), "-c:v", "libx264", "-preset", "ultrafast",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(video),
        ],
        check=True,
    )  # fmt: skip
    return video.read_bytes()


def with_video(render, data):
    render.video.save("video.mp4", ContentFile(data), save=True)
    return render


def test_a_kling_voice_video_gets_captions_timed_to_its_script(render, spoken_video):
    Render.objects.filter(pk=render.pk).update(script=TEXTS[1], voice_language="en")
    render.refresh_from_db()
    with_video(render, spoken_video)
    assert tasks.make_captions(render.pk) == "script-aligned"
    caption = Caption.objects.get(render=render)
    assert caption.version == 1
    assert caption.language == "en"
    assert caption.cues[0]["text"].startswith("Our spring collection")
    assert " ".join(c["text"].replace("\n", " ") for c in caption.cues) == TEXTS[1]
    # Edited by a person, then made again: a new version each time, the old ones kept.
    edited = [dict(cue) for cue in caption.cues]
    edited[0]["text"] = "Fixed by hand."
    captions_edit(render=render, user=render.created_by, cues=edited, based_on=1)
    tasks.make_captions(render.pk)
    assert list(render.captions.values_list("version", "edit")) == [
        (3, ""),
        (2, "edited"),
        (1, ""),
    ]
    assert render.captions.first().cues[0]["text"].startswith("Our spring collection")


def test_a_recorded_voiceover_without_a_script_is_recognized(render, team, spoken_video):
    voice = voiceover_asset(team)
    Render.objects.filter(pk=render.pk).update(script="", voice_id="", voiceover=voice)
    render.refresh_from_db()
    with_video(render, spoken_video)
    assert tasks.make_captions(render.pk) == "recognized"
    voice.transcript, voice.transcript_language = TEXTS[1], "en"
    voice.save()
    assert tasks.make_captions(render.pk) == "script-aligned"


def test_a_video_whose_audio_cannot_be_read_stays_done_without_captions(render):
    with_video(render, b"not a video at all")
    assert tasks.make_captions(render.pk) == "failed"
    render.refresh_from_db()
    assert render.status == RenderStatus.DONE
    assert not Caption.objects.filter(render=render).exists()
