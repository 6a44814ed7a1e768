"""Captions served to the team and on share links, and shown in the players."""

import re

import pytest

from projects.models import Caption, CaptionSource, Render
from tests.captions.conftest import CUES
from tests.conftest import login_as
from tests.factories import voiceover_asset


def vtt_url(render):
    return f"/renders/{render.code}/captions.vtt"


def test_the_player_reads_webvtt_with_the_right_type(client, alice, team, captioned):
    login_as(client, alice, team)
    response = client.get(vtt_url(captioned))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline;")
    body = response.content.decode()
    assert body.startswith("WEBVTT")
    assert "00:00:00.200 --> 00:00:01.600\nHello from the" in body
    assert "spring &lt;campaign&gt; &amp; more." in body  # text, never markup


def test_downloads_are_named_by_the_title(client, alice, team, captioned):
    login_as(client, alice, team)
    vtt = client.get(vtt_url(captioned) + "?download=1")
    expected = 'attachment; filename="Spring - EN (captions).vtt"'
    assert vtt["Content-Disposition"].startswith(expected)
    srt = client.get(f"/renders/{captioned.code}/captions.srt")
    assert srt.status_code == 200
    assert srt["Content-Type"] == "application/x-subrip; charset=utf-8"
    assert (
        "filename*=UTF-8''Spring%20%E2%80%94%20EN%20%28captions%29.srt"
        in srt["Content-Disposition"]
    )
    assert srt.content.decode().startswith("1\n00:00:00,200 --> 00:00:01,600\nHello from the")


def test_the_newest_version_is_served(client, alice, team, captioned):
    Caption.objects.create(
        render=captioned,
        source=CaptionSource.ALIGNED,
        cues=[{"start": 0, "end": 2, "text": "Fixed words"}],
        version=2,
    )
    login_as(client, alice, team)
    assert "Fixed words" in client.get(vtt_url(captioned)).content.decode()


def test_the_render_page_has_a_captions_track_and_says_how_they_were_made(
    client, alice, team, captioned
):
    login_as(client, alice, team)
    page = client.get(f"/renders/{captioned.code}/").content.decode()
    track = re.search(r"<track [^>]*>", page).group(0)
    assert 'kind="captions"' in track
    assert 'srclang="en"' in track
    assert 'label="English"' in track
    assert f'src="{vtt_url(captioned)}"' in track
    assert " default" in track
    assert "Timed to the script by speech alignment" in page
    assert "Download captions (SRT)" in page


@pytest.mark.parametrize(
    "source, words",
    [
        (CaptionSource.PROPORTIONAL, "Timed by syllables"),
        (CaptionSource.RECOGNIZED, "Automatic — please check"),
    ],
)
def test_the_page_names_each_method(client, alice, team, render, source, words):
    Caption.objects.create(render=render, source=source, cues=CUES)
    login_as(client, alice, team)
    assert words in client.get(f"/renders/{render.code}/").content.decode()


def test_without_captions_there_is_no_track_and_the_page_says_they_can_be_remade(
    client, alice, team, render
):
    login_as(client, alice, team)
    page = client.get(f"/renders/{render.code}/").content.decode()
    assert "<track" not in page
    assert "they can be made again" in page
    assert client.get(vtt_url(render)).status_code == 404


def test_the_share_room_player_has_the_links_captions(client, captioned, make_link):
    _, token = make_link(captioned)
    page = client.get(f"/s/{token}/").content.decode()
    track = re.search(r"<track [^>]*>", page).group(0)
    url = f"/s/{token}/renders/{captioned.code}/captions.vtt"
    assert f'src="{url}"' in track
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    # A watch-only link keeps the captions in the player but gives no file.
    assert client.get(f"/s/{token}/renders/{captioned.code}/captions.srt").status_code == 403
    _, open_token = make_link(captioned, allow_download=True)
    srt = client.get(f"/s/{open_token}/renders/{captioned.code}/captions.srt")
    assert srt.status_code == 200


def test_a_turned_off_link_serves_no_captions(client, captioned, make_link):
    link, token = make_link(captioned)
    link.revoke()
    assert client.get(f"/s/{token}/renders/{captioned.code}/captions.vtt").status_code == 404


def test_pasting_a_voiceovers_script_saves_it_and_remakes_the_captions(
    client, alice, team, render, enqueued
):
    voice = voiceover_asset(team)
    Render.objects.filter(pk=render.pk).update(script="", voice_id="", voiceover=voice)
    login_as(client, alice, team)
    page = client.get(f"/renders/{render.code}/").content.decode()
    assert "The voiceover&#x27;s words" in page or "The voiceover's words" in page
    response = client.post(
        f"/renders/{render.code}/captions/remake/",
        {"transcript": "  Meet Astra, our studio.  ", "language": "en"},
    )
    assert response.status_code == 302
    voice.refresh_from_db()
    assert voice.transcript == "Meet Astra, our studio."
    assert ("projects.tasks.make_captions", (render.pk,)) in enqueued


def test_a_script_too_long_changes_nothing(client, alice, team, render, enqueued):
    voice = voiceover_asset(team)
    Render.objects.filter(pk=render.pk).update(script="", voice_id="", voiceover=voice)
    login_as(client, alice, team)
    response = client.post(
        f"/renders/{render.code}/captions/remake/",
        {"transcript": "word " * 1200, "language": "en"},
        follow=True,
    )
    assert "keep it under 5,000 characters" in response.content.decode()
    voice.refresh_from_db()
    assert voice.transcript == ""
    assert enqueued == []


def test_the_embedded_player_has_the_captions_too(client, captioned, make_link):
    _, token = make_link(captioned)
    page = client.get(f"/s/{token}/embed/{captioned.code}/").content.decode()
    assert f'src="/s/{token}/renders/{captioned.code}/captions.vtt"' in page
