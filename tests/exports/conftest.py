import subprocess

import pytest
from django.core.files.base import ContentFile

from projects.media.ffmpeg import executable
from projects.models import Caption, CaptionSource
from tests.sharing.conftest import done_render

CUES = [
    {"start": 0.0, "end": 1.5, "text": "Hello {\\b1} from the"},
    {"start": 1.5, "end": 3.0, "text": "spring <campaign> & more."},
]


@pytest.fixture(scope="session")
def real_video(tmp_path_factory):
    """A real 3-second 320×240 MP4: a plain navy picture and a 440 Hz tone."""
    path = tmp_path_factory.mktemp("export-source") / "video.mp4"
    subprocess.run(
        [
            executable(), "-v", "error", "-f", "lavfi", "-i", "color=c=navy:s=320x240:r=25:d=3",
            "-f", "lavfi", "-i", "sine=f=440:d=3", "-c:v", "libx264", "-preset", "ultrafast",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


@pytest.fixture
def render(project, alice, real_video):
    render = done_render(project, alice, title="Spring — EN", watermarked=False)
    render.video.save("video.mp4", ContentFile(real_video), save=True)
    return render


@pytest.fixture
def captioned(render):
    Caption.objects.create(render=render, source=CaptionSource.ALIGNED, cues=CUES, version=1)
    return render
