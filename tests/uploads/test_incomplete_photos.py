"""Uploading a photo whose pixel data ends early: refused in one sentence,
nothing kept (security review, issue #12: a 134-byte PNG that claims
7000 × 7000 pixels was accepted)."""

import os

from projects.models import Asset
from tests.conftest import login_as
from tests.crafted_png import incomplete_png

from .test_upload_views import upload


def test_an_incomplete_png_is_refused_and_nothing_is_kept(client, alice, project, settings):
    login_as(client, alice)

    response = upload(client, project, "big.png", incomplete_png())

    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": "This photo's file is incomplete: it says it is 7000 × 7000 pixels, but its"
        " picture data stops early. Try exporting it again.",
    }
    assert not Asset.objects.exists()
    kept = [name for _, _, names in os.walk(settings.MEDIA_ROOT) for name in names]
    assert kept == []
