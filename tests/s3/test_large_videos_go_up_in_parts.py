"""A large archived video goes into the bucket in parts, read from its
temporary file one part at a time (boto3's multipart upload through
django-storages, avatarstudio/media_storage.py), and plays from the bucket by
ranges."""

import os
import tracemalloc

import requests
from django.core.files import File

from avatarstudio.media_storage import MULTIPART_BYTES, MULTIPART_PARTS_IN_MEMORY
from tests.conftest import login_as
from tests.sharing.conftest import done_render

PARTS = 9


def test_a_large_video_goes_up_in_parts_never_whole_in_memory(
    s3_media, s3_server, client, team, project, alice, tmp_path
):
    size = (PARTS - 1) * MULTIPART_BYTES + 12345
    path = tmp_path / "video.mp4"
    with path.open("wb") as out:
        for _ in range(size // (1024 * 1024)):
            out.write(os.urandom(1024 * 1024))
        out.write(os.urandom(size % (1024 * 1024)))
    render = done_render(project, alice)

    tracemalloc.start()
    try:
        # As archiving keeps a downloaded video (renders/archiving.py, _keep).
        with path.open("rb") as fh:
            render.video.save("video.mp4", File(fh), save=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    head = s3_server.client.head_object(Bucket=s3_media, Key=render.video.name)
    assert head["ContentLength"] == size
    # A multipart object's ETag ends with its number of parts.
    assert head["ETag"].strip('"').endswith(f"-{PARTS}")
    # The parts in memory at once, plus room for the upload's own buffers: far
    # below the video's size.
    assert peak < (MULTIPART_PARTS_IN_MEMORY + 3) * MULTIPART_BYTES < size / 1.5, peak

    login_as(client, alice, team)
    location = client.get(f"/renders/{render.code}/video/")["Location"]
    start = 3 * MULTIPART_BYTES - 100  # across a part boundary
    ranged = requests.get(location, headers={"Range": f"bytes={start}-{start + 199}"}, timeout=10)
    assert ranged.status_code == 206
    with path.open("rb") as fh:
        fh.seek(start)
        assert ranged.content == fh.read(200)
