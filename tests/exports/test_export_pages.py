"""The render page's "Download with…": who may ask, what is refused, the
same request reused, the state in words while it is made, the file named
after the title. Viewers may ask: they may download the video already, and
an export is the same video drawn on."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from projects import tasks
from projects.models import AuditEntry, AuditKind, ExportState, VideoExport
from tests.conftest import login_as
from tests.sharing.conftest import vera  # noqa: F401  (the viewer)


@pytest.fixture
def viewer(client, vera):  # noqa: F811
    return login_as(client, vera)


def ask(client, render, **data):
    return client.post(reverse("render_export_create", args=[render.code]), data)


def test_the_render_page_offers_the_choice_to_a_viewer(viewer, render):
    html = viewer.get(render.get_absolute_url()).content.decode()
    assert "Download with…" in html
    assert 'name="burn_captions"' in html and 'name="ai_label"' in html
    assert 'value="AI-generated" maxlength="40"' in html
    assert "Prepare download" in html


def test_a_viewer_asks_and_the_same_request_is_reused(viewer, vera, render, enqueued):  # noqa: F811
    response = ask(viewer, render, ai_label="on", label_text="  Made with AI ")
    assert response.status_code == 302 and response["Location"].endswith("#downloads")
    export = VideoExport.objects.get()
    assert (export.ai_label, export.label_text, export.burn_captions) == (
        True,
        "Made with AI",
        False,
    )
    assert export.requested_by == vera and export.state == ExportState.QUEUED
    entry = AuditEntry.objects.get(kind=AuditKind.EXPORT_REQUESTED)
    assert entry.actor == vera and "“Made with AI” label" in entry.summary
    # The same again, ready or not: the same row, nothing new queued.
    ask(viewer, render, ai_label="on", label_text="Made with AI")
    assert VideoExport.objects.count() == 1
    # Something else: a new one.
    ask(viewer, render, ai_label="on", label_text="Other words")
    assert VideoExport.objects.count() == 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("x" * 41, "at most 40 characters (it has 41)"),
        ("AI\ngenerated", "one line of plain text"),
        ("AI\u202egenerated", "one line of plain text"),  # a right-to-left override
        ("bell\x07", "one line of plain text"),
    ],
)
def test_bad_label_text_is_refused_and_nothing_is_made(viewer, render, enqueued, text, reason):
    response = ask(viewer, render, ai_label="on", label_text=text)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not VideoExport.objects.exists() and not enqueued


def test_nothing_ticked_or_no_captions_is_said_plainly(viewer, render, enqueued):
    response = ask(viewer, render)
    assert response.status_code == 400
    assert "Tick what the download should carry" in response.content.decode()
    response = ask(viewer, render, burn_captions="on")
    assert response.status_code == 400
    assert "has no captions yet" in response.content.decode()
    assert not VideoExport.objects.exists()


def test_the_page_follows_it_in_words_then_serves_it_named_by_title(viewer, captioned, enqueued):
    ask(viewer, captioned, burn_captions="on")
    export = VideoExport.objects.get()
    status_url = reverse("render_exports", args=[captioned.code])
    [item] = viewer.get(status_url).json()["exports"]
    assert item == {
        "code": str(export.code),
        "state": "queued",
        "words": "Waiting for its turn…",
        "download": None,
    }
    html = viewer.get(captioned.get_absolute_url()).content.decode()
    assert re.search(r'data-pending="1"', html) and "Waiting for its turn…" in html
    assert tasks.make_export(export.pk) == "ready"
    [item] = viewer.get(status_url).json()["exports"]
    assert item["state"] == "ready" and item["words"] == "Ready to download."
    response = viewer.get(item["download"])
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Spring%20%E2%80%94%20EN%20%28captions%29.mp4" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[4:8] == b"ftyp"


def test_a_failed_one_says_why_and_offers_to_try_again(viewer, render, enqueued):
    render.video.save("broken.mp4", ContentFile(b"junk" * 50), save=True)
    ask(viewer, render, ai_label="on")
    export = VideoExport.objects.get()
    assert tasks.make_export(export.pk) == "failed"
    html = viewer.get(render.get_absolute_url()).content.decode()
    assert "could not be read as a video, so nothing was made." in html
    assert "Try again" in html
    enqueued.clear()
    response = viewer.post(reverse("render_export_retry", args=[render.code, export.code]))
    assert response.status_code == 302
    export.refresh_from_db()
    assert export.state == ExportState.QUEUED and export.error == ""


def test_a_download_not_ready_yet_is_not_found(viewer, render, enqueued):
    ask(viewer, render, ai_label="on")
    export = VideoExport.objects.get()
    url = reverse("render_export_download", args=[render.code, export.code])
    assert viewer.get(url).status_code == 404


def test_one_whose_worker_died_is_said_to_have_stopped_and_can_be_tried_again(
    viewer, render, enqueued, settings
):
    ask(viewer, render, ai_label="on")
    export = VideoExport.objects.get()
    long_ago = timezone.now() - timedelta(seconds=settings.EXPORT_FFMPEG_TIMEOUT + 180)
    VideoExport.objects.filter(pk=export.pk).update(state=ExportState.MAKING, started_at=long_ago)
    [item] = viewer.get(reverse("render_exports", args=[render.code])).json()["exports"]
    assert item["state"] == "failed" and "stopped without finishing" in item["words"]
    # Asking for the same again queues it again, as "Try again" does.
    ask(viewer, render, ai_label="on")
    export.refresh_from_db()
    assert export.state == ExportState.QUEUED and VideoExport.objects.count() == 1
