"""Every video is called by its title: the gallery card, its page's heading
and tab, the versions list, the comparison; editors and owners rename it
from its page, and a refused title changes nothing."""

import re

from django.contrib.messages import get_messages
from django.core import mail

from projects.models import Notice, Render
from projects.renders.notify import render_finished
from projects.renders.services import render_again
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.gallery.conftest import finish


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def heading(html):
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def tab_title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def rename(client, render, title):
    return client.post(f"/renders/{render.code}/rename/", {"title": title})


def test_a_new_video_is_called_by_its_portrait_and_voiceover(client, alice, done_render):
    assert done_render.title == "anna — spring-offer"
    login_as(client, alice)
    html = html_of(client, f"/renders/{done_render.code}/")
    assert heading(html) == "anna — spring-offer"
    assert tab_title(html).startswith("anna — spring-offer · Spring campaign")


def test_the_gallery_card_shows_the_title(client, alice, project, done_render):
    Render.objects.filter(pk=done_render.pk).update(title="Spring offer, Anna")
    login_as(client, alice)
    html = html_of(client, project.get_absolute_url())
    card = re.search(
        rf'<li class="card-video" data-render="{done_render.code}".*?</li>', html, re.S
    ).group(0)
    assert '<p class="card-video__title break" data-title>Spring offer, Anna</p>' in card
    # The link's name starts with what it does, then says what it shows.
    assert '<span class="visually-hidden">Open “Spring offer, Anna”: </span>' in card


def test_an_editor_renames_a_video_and_every_page_uses_the_new_title(
    client, alice, bob, project, done_render
):
    login_as(client, bob)
    response = rename(client, done_render, "  Astronaut — Spring EN  ")
    assert response.status_code == 302 and response["Location"] == done_render.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Renamed to “Astronaut — Spring EN”."
    ]
    done_render.refresh_from_db()
    assert done_render.title == "Astronaut — Spring EN"
    html = html_of(client, f"/renders/{done_render.code}/")
    assert heading(html) == "Astronaut — Spring EN"
    assert tab_title(html).startswith("Astronaut — Spring EN · ")
    assert "Astronaut — Spring EN" in html_of(client, project.get_absolute_url())


def test_the_owner_may_rename_and_a_viewer_may_not(client, alice, bob, team, done_render):
    login_as(client, alice)
    assert rename(client, done_render, "By the owner").status_code == 302
    set_role(bob, team, Role.VIEWER)
    login_as(client, bob)
    assert rename(client, done_render, "By a viewer").status_code == 403
    html = html_of(client, f"/renders/{done_render.code}/")
    assert 'action="/renders/' + str(done_render.code) + '/rename/"' not in html
    done_render.refresh_from_db()
    assert done_render.title == "By the owner"


def test_an_empty_title_keeps_the_old_one_and_says_so(client, alice, done_render):
    login_as(client, alice)
    response = rename(client, done_render, "   ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "A video needs a title, so it keeps “anna — spring-offer”." in html
    assert '<details class="rename" open>' in html
    done_render.refresh_from_db()
    assert done_render.title == "anna — spring-offer"


def test_a_title_over_120_characters_is_refused_whole(client, alice, done_render):
    login_as(client, alice)
    assert rename(client, done_render, "x" * 120).status_code == 302
    response = rename(client, done_render, "y" * 123)
    assert response.status_code == 400
    assert "3 characters too many: a title can be at most 120 characters." in (
        response.content.decode()
    )
    done_render.refresh_from_db()
    assert done_render.title == "x" * 120


def test_a_title_on_two_lines_is_refused(client, alice, done_render):
    login_as(client, alice)
    response = rename(client, done_render, "Spring\nOffer")
    assert response.status_code == 400
    assert "A title must fit on one line" in response.content.decode()
    done_render.refresh_from_db()
    assert done_render.title == "anna — spring-offer"


def test_versions_and_the_comparison_name_each_version(client, alice, make_render):
    first = finish(make_render(prompt="smiles"))
    second = finish(render_again(render=first, created_by=alice, prompt="waves"))
    Render.objects.filter(pk=second.pk).update(title="Anna waves")
    login_as(client, alice)
    html = html_of(client, f"/renders/{first.code}/")
    section = re.search(r'<section class="versions".*?</section>', html, re.S).group(0)
    assert "“anna — spring-offer”" in section and "“Anna waves”" in section
    compare = html_of(client, f"/renders/{first.code}/compare/{second.code}/")
    assert "of anna — spring-offer · Spring campaign" in tab_title(compare)
    assert "anna — spring-offer and Anna waves" in compare
    assert "“Anna waves”" in compare


def test_the_notice_that_a_video_is_ready_names_it(alice, done_render):
    Render.objects.filter(pk=done_render.pk).update(title="Astronaut — Spring EN")
    render_finished(render_id=done_render.pk)
    expected = "“Astronaut — Spring EN” in “Spring campaign” is ready."
    assert Notice.objects.get(user=alice).message == expected
    assert mail.outbox[-1].subject == expected
