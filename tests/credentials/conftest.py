import pytest

from projects.models import RenderStatus
from tests.renders.conftest import follow, make_render, portrait, voiceover  # noqa: F401


@pytest.fixture
def archived(studio_sandbox, make_render, outside):  # noqa: F811
    """A render made by the sandbox over HTTP and archived by the pipeline,
    with Kling's watermarked copy too."""
    render = follow(make_render(watermark=True))
    assert render.status == RenderStatus.DONE
    return render


def flip_bytes_in_mdat(path, count=16):
    """Change some of the video's own bytes, as someone editing it would."""
    data = bytearray(path.read_bytes())
    start = data.index(b"mdat") + 200
    for i in range(start, start + count):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
