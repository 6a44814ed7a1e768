"""A render's own page: the player and its copies, downloads, inputs, cost and timings."""

import re
from datetime import timedelta

from django.utils import timezone

from projects.models import RenderStatus
from tests.conftest import login_as, set_role
from tests.gallery.conftest import finish


def page(client, render, **query):
    response = client.get(f"/renders/{render.code}/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_player_never_preloads_and_shows_the_poster(client, alice, make_render):
    render = finish(make_render(), poster="teams/x/poster.jpg")
    login_as(client, alice)
    video = re.search(r"<video[^>]*>", page(client, render)).group(0)
    assert 'preload="none"' in video
    assert f'poster="/renders/{render.code}/poster/"' in video
    assert f'src="/renders/{render.code}/video/"' in video


def test_the_clean_and_watermarked_copies_can_be_switched(client, alice, make_render):
    render = finish(make_render(watermark=True), watermarked_video="teams/x/wm.mp4")
    login_as(client, alice)
    html = page(client, render)
    assert "With Kling's watermark" in html
    assert f'data-copy="/renders/{render.code}/watermarked/"' in html
    watermarked = page(client, render, copy="watermarked")
    video = re.search(r"<video[^>]*>", watermarked).group(0)
    assert f'src="/renders/{render.code}/watermarked/"' in video


def test_without_a_watermarked_copy_there_is_nothing_to_switch(client, alice, done_render):
    login_as(client, alice)
    html = page(client, done_render, copy="watermarked")
    assert "copy-switch" not in html
    assert f'src="/renders/{done_render.code}/video/"' in html


def test_viewers_can_download_both_copies(client, bob, team, make_render):
    render = finish(make_render(watermark=True), watermarked_video="teams/x/wm.mp4")
    set_role(bob, team, "viewer")
    login_as(client, bob)
    html = page(client, render)
    assert f"/renders/{render.code}/video/?download=1" in html
    assert f"/renders/{render.code}/watermarked/?download=1" in html


def test_the_page_shows_every_input_setting_cost_and_timing(client, alice, make_render):
    created = timezone.now() - timedelta(minutes=5)
    render = finish(
        make_render(prompt="Waves at the camera", mode="pro"),
        units="2.4",
        duration=3.0,
        created=created,
        submitted_at=created + timedelta(seconds=20),
        provider_done_at=created + timedelta(minutes=3),
    )
    login_as(client, alice)
    html = page(client, render)
    for words in [
        "anna.png",
        "spring-offer.mp3",
        "Waves at the camera",
        "Professional",
        "No watermarked copy",
        "3.0 s of video",
        "2.4 units, charged by Kling",
        "Sent to Kling",
        "Kling finished",
        "Saved",
    ]:
        assert words in html, words


def test_a_failed_render_says_nothing_was_charged(client, alice, make_render):
    render = finish(make_render(), status=RenderStatus.FAILED)
    login_as(client, alice)
    html = page(client, render)
    assert "Nothing charged" in html
    assert "Kling refused the portrait: no face was found." in html


def test_a_render_read_by_a_kling_voice_shows_its_script(client, alice, make_render):
    render = make_render(
        voiceover=None,
        script="Meet our spring collection, made for sunny days.",
        voice_id="uk_man2",
    )
    login_as(client, alice)
    html = page(client, render)
    assert "Meet our spring collection" in html
    assert "uk_man2" in html


def test_an_outsider_cannot_open_a_render(client, charlie, done_render):
    login_as(client, charlie)
    assert client.get(f"/renders/{done_render.code}/").status_code == 404


def test_the_share_panel_of_a_render_is_still_included(client, alice, done_render):
    # Sharing fills this include in; the page must keep it.
    from pathlib import Path

    template = Path("templates/projects/render_detail.html").read_text()
    assert '{% include "projects/_render_share.html" %}' in template
