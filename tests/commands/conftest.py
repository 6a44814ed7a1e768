import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.factories import mp3_path, png_bytes


class Run:
    """What one command call printed, and the CommandError it ended with, if any."""

    def __init__(self, name, *args, **options):
        out, err = io.StringIO(), io.StringIO()
        self.error = None
        try:
            call_command(name, *map(str, args), stdout=out, stderr=err, **options)
        except CommandError as error:
            self.error = error
        self.lines = out.getvalue().splitlines()
        self.errors = err.getvalue().splitlines()


@pytest.fixture
def files(tmp_path):
    """Real portrait and voiceover files in a folder of their own."""

    class Files:
        folder = tmp_path

        def portrait(self, name="face.png", width=512, height=512, colour=(90, 120, 200)):
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png_bytes(width, height, colour))
            return path

        def voiceover(self, name="voice.mp3", seconds=3.0, frequency=440):
            path = tmp_path / name
            shutil.copyfile(mp3_path(seconds, frequency), path)
            return path

        def write(self, name, text) -> Path:
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return path

    return Files()


def media_files(settings):
    """Every file stored under MEDIA_ROOT."""
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
