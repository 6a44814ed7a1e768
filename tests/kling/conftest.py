"""Fixtures for the Kling client tests: a canned-reply server, a client of the
sandbox, and test media."""

import socket
import subprocess

import imageio_ffmpeg
import pytest
from PIL import Image

from .canned import CannedServer, make_client


@pytest.fixture
def canned():
    server = CannedServer()
    yield server
    server.close()


@pytest.fixture
def canned_client(canned):
    client = make_client(canned.base_url)
    yield client
    client.close()


@pytest.fixture
def client(kling_sandbox):
    """The client pointed at the Kling sandbox. In this folder ``client`` is
    Kling's, not Django's test client."""
    client = make_client(
        kling_sandbox.base_url,
        access_key=kling_sandbox.access_key,
        secret_key=kling_sandbox.secret_key,
        read_timeout=30,
    )
    yield client
    client.close()


@pytest.fixture(scope="session")
def portrait_png(tmp_path_factory):
    """A 512x512 PNG portrait (Kling wants at least 300 px a side)."""
    path = tmp_path_factory.mktemp("media") / "portrait.png"
    image = Image.new("RGB", (512, 512), (200, 170, 150))
    for x in range(180, 330):
        for y in range(150, 360):
            if (x - 255) ** 2 / 75**2 + (y - 255) ** 2 / 105**2 <= 1:
                image.putpixel((x, y), (230, 190, 160))
    image.save(path, "PNG")
    return path


@pytest.fixture(scope="session")
def voiceover_mp3(tmp_path_factory):
    """A 3-second MP3 (Kling wants 2 to 300 s)."""
    path = tmp_path_factory.mktemp("media") / "voiceover.mp3"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=3",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path


@pytest.fixture
def unused_port():
    """A local port with nothing listening (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
