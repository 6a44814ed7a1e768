""" "Download approved" on a project's page: one ZIP, streamed, of the
project's approved versions, named by their titles."""

import io
import zipfile

from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.http import StreamingHttpResponse

from projects.gallery import approved as approved_zip
from projects.gallery.approved import NOTHING_APPROVED
from projects.models import Render, ReviewState
from projects.sharing import zips
from tests.conftest import login_as, set_role
from tests.sharing.conftest import VIDEO_BYTES, done_render


def url(project):
    return f"/projects/{project.code}/approved.zip"


def approved(project, alice, title, **kwargs):
    render = done_render(project, alice, review_state=ReviewState.APPROVED, title=title, **kwargs)
    return render


def test_the_zip_holds_exactly_the_approved_videos_named_by_title(
    client, alice, project, monkeypatch
):
    big = approved(project, alice, "Astronaut — Spring EN")
    data = bytes((i * 7 + i // 251) % 256 for i in range(3 * zips.CHUNK + 999))
    big.video.save("big.mp4", ContentFile(data))
    twin = approved(project, alice, "Astronaut — Spring EN")  # the same title
    version = approved(project, alice, "Café", parent=big, version=2)
    done_render(project, alice, title="Not approved")
    done_render(project, alice, title="Changes asked", review_state=ReviewState.CHANGES)
    login_as(client, alice)
    # The view hands on the writer unstarted: nothing is read before it is sent.
    reads = []

    def counted(files):
        for piece in zips.zip_stream(files):
            reads.append(len(piece))
            yield piece

    monkeypatch.setattr(approved_zip, "zip_stream", counted)

    response = client.get(url(project))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse) and response.streaming
    assert reads == []
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="Spring campaign (approved).zip"; '
        "filename*=UTF-8''Spring%20campaign%20%28approved%29.zip"
    )
    pieces = list(response.streaming_content)
    assert reads == list(map(len, pieces))
    # Written while sent: many pieces, none much larger than one read.
    assert len(pieces) > 4 and max(map(len, pieces)) <= zips.CHUNK + 1024
    body = b"".join(pieces)
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    assert archive.namelist() == [
        "Astronaut — Spring EN.mp4",
        "Astronaut — Spring EN (2).mp4",
        "Café.mp4",
    ]
    assert archive.read("Astronaut — Spring EN.mp4") == data
    assert archive.read("Astronaut — Spring EN (2).mp4") == VIDEO_BYTES
    assert archive.read("Café.mp4") == VIDEO_BYTES
    # Byte for byte what the shared ZIP writer makes of these three files.
    expected = b"".join(
        zips.zip_stream(
            [
                ("Astronaut — Spring EN.mp4", big.video, big.finished_at),
                ("Astronaut — Spring EN (2).mp4", twin.video, twin.finished_at),
                ("Café.mp4", version.video, version.finished_at),
            ]
        )
    )
    assert body == expected


def test_nothing_approved_gives_a_message_and_no_zip(client, alice, project):
    done_render(project, alice, title="Not reviewed yet")
    login_as(client, alice)
    response = client.get(url(project))
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.code}/#gallery"
    assert [m.message for m in get_messages(response.wsgi_request)] == [NOTHING_APPROVED]
    # An approved render whose video is missing is nothing to download either.
    Render.objects.update(review_state=ReviewState.APPROVED, video="")
    assert client.get(url(project)).status_code == 302


def test_viewers_may_download_people_outside_the_team_may_not(
    client, alice, bob, team, project, charlie
):
    approved(project, alice, "Spring")
    set_role(bob, team, "viewer")
    login_as(client, bob)
    response = client.get(url(project))
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist() == [
        "Spring.mp4"
    ]
    login_as(client, charlie)
    assert client.get(url(project)).status_code == 404
    client.logout()
    assert client.get(url(project)).status_code == 302  # to the log-in page


def test_the_project_page_offers_the_zip_only_when_something_is_approved(client, alice, project):
    render = done_render(project, alice, title="Spring")
    login_as(client, alice)
    page = client.get(f"/projects/{project.code}/").content.decode()
    assert url(project) not in page
    Render.objects.filter(pk=render.pk).update(review_state=ReviewState.APPROVED)
    approved(project, alice, "Summer")
    page = client.get(f"/projects/{project.code}/").content.decode()
    assert f'href="{url(project)}"' in page
    assert "Download approved (2 videos, ZIP)" in page
