"""Versions made with "make it again", listed together and compared side by side."""

import re

from projects.renders.services import render_again
from tests.conftest import login_as, set_role
from tests.gallery.conftest import finish


def test_every_version_lists_all_the_versions_of_its_render(client, alice, make_render):
    first = finish(make_render(prompt="smiles"))
    second = render_again(render=first, created_by=alice, prompt="waves")
    third = render_again(render=second, created_by=alice, prompt="nods")
    assert (second.version, third.version) == (2, 3)
    assert second.parent == first and third.parent == first
    login_as(client, alice)
    for shown in (first, second, third):
        html = client.get(f"/renders/{shown.code}/").content.decode()
        section = re.search(r'<section class="versions".*?</section>', html, re.S).group(0)
        assert "Version 1" in section and "Version 2" in section and "Version 3" in section
        assert f"Version {shown.version} (this one)" in section


def test_a_render_made_once_lists_no_versions(client, alice, done_render):
    login_as(client, alice)
    assert 'class="versions"' not in client.get(f"/renders/{done_render.code}/").content.decode()


def test_two_versions_are_compared_side_by_side(client, alice, make_render):
    first = finish(make_render(prompt="smiles"))
    second = finish(render_again(render=first, created_by=alice, prompt="waves"), duration=3.4)
    login_as(client, alice)
    response = client.get(f"/renders/{second.code}/compare/{first.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    videos = re.findall(r"<video[^>]*>", html)
    assert len(videos) == 2
    assert all('preload="none"' in v and "data-compare-video" in v for v in videos)
    # The older version on the left, whichever page it was opened from.
    assert html.index(f"/renders/{first.code}/video/") < html.index(
        f"/renders/{second.code}/video/"
    )
    assert "data-compare-play" in html and "data-compare-seek" in html
    assert 'max="3.40"' in html  # the seek bar spans the longer video
    assert "“smiles”" in html and "“waves”" in html


def test_the_render_page_offers_to_compare_its_versions(client, alice, make_render):
    first = finish(make_render())
    second = finish(render_again(render=first, created_by=alice, prompt="waves"))
    login_as(client, alice)
    html = client.get(f"/renders/{first.code}/").content.decode()
    assert f"/renders/{first.code}/compare/{second.code}/" in html


def test_the_compare_picker_lands_on_the_comparison(client, alice, make_render):
    first = finish(make_render())
    second = finish(render_again(render=first, created_by=alice))
    login_as(client, alice)
    response = client.get(f"/renders/{first.code}/compare/", {"with": str(second.code)})
    assert response.status_code == 302
    assert response["Location"] == f"/renders/{first.code}/compare/{second.code}/"
    back = client.get(f"/renders/{first.code}/compare/", {"with": "nonsense"})
    assert back.status_code == 302 and back["Location"] == f"/renders/{first.code}/"


def test_renders_that_are_not_versions_of_each_other_cannot_be_compared(client, alice, make_render):
    a = finish(make_render(prompt="smiles"))
    b = finish(make_render(prompt="smiles"))  # same inputs, but made separately
    login_as(client, alice)
    assert client.get(f"/renders/{a.code}/compare/{b.code}/").status_code == 404
    assert client.get(f"/renders/{a.code}/compare/{a.code}/").status_code == 404
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/renders/{a.code}/compare/{unknown}/").status_code == 404


def test_two_versions_of_another_render_are_not_comparable_across_families(
    client, alice, make_render
):
    a = finish(make_render())
    a2 = finish(render_again(render=a, created_by=alice))
    b = finish(make_render())
    b2 = finish(render_again(render=b, created_by=alice))
    login_as(client, alice)
    assert client.get(f"/renders/{a2.code}/compare/{b2.code}/").status_code == 404
    assert client.get(f"/renders/{a2.code}/compare/{b.code}/").status_code == 404


def test_a_viewer_can_compare_and_an_outsider_cannot(
    client, alice, bob, charlie, team, make_render
):
    first = finish(make_render())
    second = finish(render_again(render=first, created_by=alice))
    url = f"/renders/{first.code}/compare/{second.code}/"
    set_role(bob, team, "viewer")
    login_as(client, bob)
    assert client.get(url).status_code == 200
    login_as(client, charlie)
    assert client.get(url).status_code == 404


def test_comparing_is_read_only(client, alice, make_render):
    first = finish(make_render())
    second = finish(render_again(render=first, created_by=alice))
    login_as(client, alice)
    assert client.post(f"/renders/{first.code}/compare/{second.code}/").status_code == 405


def test_a_version_still_rendering_is_shown_as_not_ready(client, alice, make_render):
    first = finish(make_render())
    second = render_again(render=first, created_by=alice)
    login_as(client, alice)
    html = client.get(f"/renders/{first.code}/compare/{second.code}/").content.decode()
    assert len(re.findall(r"<video", html)) == 1
    assert "not ready yet" in html
