"""What the security tests share: the world of tests/url_table.py, and a
storage that remembers every file it opened."""

import os
import tempfile

import pytest
from django.core.files.storage import FileSystemStorage
from django.test import Client

from tests.url_table import LINK

# Hypothesis keeps a cache beside the tests unless told otherwise: keep the checkout clean.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "avatar-studio-hypothesis")
)


@pytest.fixture
def opened_files(monkeypatch):
    """Every stored file opened during the test, to check that each was closed."""
    opened = []
    original = FileSystemStorage._open

    def recording(self, name, mode="rb"):
        file = original(self, name, mode)
        opened.append(file)
        return file

    monkeypatch.setattr(FileSystemStorage, "_open", recording)
    return opened


@pytest.fixture
def owner(world):
    client = Client()
    client.force_login(world.alice)
    return client


def media_urls(world):
    """(who opens it, address, the file it serves): member and share-link media."""
    token = world.tokens[LINK]
    return {
        "portrait file": (world.alice, f"/assets/{world.portrait.code}/file/", world.portrait.file),
        "render video": (world.alice, f"/renders/{world.render.code}/video/", world.render.video),
        # The world's link is watch-only: its player gets the watermarked copy.
        "shared video": (
            None,
            f"/s/{token}/renders/{world.render.code}/video/",
            world.render.watermarked_video,
        ),
    }


def client_as(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content
