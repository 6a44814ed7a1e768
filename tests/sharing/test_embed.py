"""Embedding: each video of a link has a bare player page that other websites
may frame (only the sites the link lists; any https site when it lists none),
while every other page still refuses to be framed. Owners set the sites with
a form that takes https addresses only and says plainly what is wrong."""

import html as html_module
import re

import pytest
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import NoReverseMatch, include, path

from projects.models import Render, ShareLink
from projects.sharing import embed_views
from projects.sharing.services import sharelink_renders
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.sharing.conftest import GONE, expire, media

# A link page of the app's own, for the test that the form goes back to it.
urlpatterns = [
    path("shares/<uuid:code>/", lambda request, code: HttpResponse(), name="share_detail"),
    path("", include("avatarstudio.urls")),
]


def embed(token, render):
    return f"/s/{token}/embed/{render.code}/"


def directives(response):
    policy = response["Content-Security-Policy"]
    return dict((part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip())


def save_sites(client, link, sites):
    return client.post(f"/shares/{link.code}/embed-sites/", {"embed_sites": sites})


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The player page other sites frame ----------------------------------------


def test_the_embed_page_holds_the_video_its_title_and_ai_generated_only(client, render, make_link):
    Render.objects.filter(pk=render.pk).update(title="Astronaut — Spring EN")
    _, token = make_link(render=render)
    response = client.get(embed(token, render))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Astronaut — Spring EN</title>" in body
    assert re.search(r'<span class="embed__title">Astronaut — Spring EN</span>', body)
    assert re.search(r'<span class="embed__badge"[^>]*>AI-generated video</span>', body)
    assert f'src="{media(token, render)}"' in body
    assert 'controlslist="nodownload"' in body and 'preload="none"' in body
    for elsewhere in ["<header", "<footer", "<nav", "<form", "<a ", "Spring campaign"]:
        assert elsewhere not in body
    # One script: captions shown while muted and the CC button (static/js/captions.js).
    assert re.findall(r"<script[^>]*>", body) == ['<script src="/static/js/captions.js" defer>']
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    # Downloads off: what it plays is the watermarked copy, inline.
    video = client.get(media(token, render))
    assert "(watermarked)" in video["Content-Disposition"]
    assert video["Content-Disposition"].startswith("inline;")


def test_with_no_sites_listed_any_https_site_may_frame_it(client, render, make_link):
    _, token = make_link(render=render)
    response = client.get(embed(token, render))
    assert "X-Frame-Options" not in response
    policy = directives(response)
    assert policy["frame-ancestors"] == ["https:"]
    # The rest of the policy is the site's own.
    assert policy["script-src"] == ["'self'"] and policy["default-src"] == ["'self'"]


def test_with_sites_listed_only_they_may_frame_it(client, render, make_link):
    link, token = make_link(render=render)
    ShareLink.objects.filter(pk=link.pk).update(
        embed_sites="https://www.example.com\nhttps://shop.example.org:8443"
    )
    response = client.get(embed(token, render))
    assert "X-Frame-Options" not in response
    assert directives(response)["frame-ancestors"] == [
        "https://www.example.com",
        "https://shop.example.org:8443",
    ]


def test_every_other_page_still_refuses_to_be_framed(client, alice, render, make_link):
    _, token = make_link(render=render)
    room = client.get(f"/s/{token}/")
    assert room.status_code == 200
    assert room["X-Frame-Options"] == "DENY"
    assert directives(room)["frame-ancestors"] == ["'none'"]
    login_as(client, alice)
    for url in [f"/renders/{render.code}/", "/"]:
        page = client.get(url)
        assert page["X-Frame-Options"] == "DENY"
        assert directives(page)["frame-ancestors"] == ["'none'"]


def test_a_link_turned_off_or_expired_embeds_nothing(client, render, other_render, make_link):
    revoked, revoked_token = make_link(render=render)
    revoked.revoke()
    expired, expired_token = make_link(render=render)
    expire(expired)
    _, other_token = make_link(render=other_render)
    for token, shown in [(revoked_token, render), (expired_token, render), (other_token, render)]:
        response = client.get(embed(token, shown))
        assert response.status_code == 404
        assert GONE in response.content.decode()
        assert response["X-Frame-Options"] == "DENY"
        assert directives(response)["frame-ancestors"] == ["'none'"]


# --- The sites the team allows -------------------------------------------------


@pytest.mark.urls("tests.sharing.test_embed")
def test_the_owner_saves_the_sites_and_goes_back_to_the_link_page(client, alice, make_link):
    link, _ = make_link()
    login_as(client, alice)
    response = save_sites(
        client, link, "https://WWW.example.com/\r\n\r\n  https://shop.example.org:8443 \r\n"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/shares/{link.code}/#embed"
    assert said(response) == ["Saved. These 2 sites can show the videos of this link."]
    link.refresh_from_db()
    assert link.embed_sites == "https://www.example.com\nhttps://shop.example.org:8443"


def test_without_a_link_page_the_form_goes_back_to_the_project(
    client, alice, project, make_link, monkeypatch
):
    def no_such_page(*args, **kwargs):
        raise NoReverseMatch("share_detail")

    monkeypatch.setattr(embed_views, "reverse", no_such_page)
    link, _ = make_link()
    login_as(client, alice)
    response = save_sites(client, link, "")
    assert response["Location"] == f"{project.get_absolute_url()}#shares"
    assert said(response) == ["Saved. Any https website can show the videos of this link."]


@pytest.mark.parametrize(
    ("sites", "message"),
    [
        (
            "http://www.example.com",
            "“http://www.example.com” is not a secure address: only https sites can embed "
            "the videos. Write it with https://, like https://www.example.com.",
        ),
        (
            "www.example.com",
            "“www.example.com” is not a website address. Write each site with https://, "
            "like https://www.example.com.",
        ),
        (
            "https://www.example.com/blog/post",
            "“https://www.example.com/blog/post” points to one page. Write the site only "
            "(https://www.example.com): every page of it can then show the videos.",
        ),
        (
            "https://example.com; script-src *",
            "“https://example.com; script-src *” is not a website address. "
            "Write it like https://www.example.com.",
        ),
        (
            "https://*.example.com",
            "“https://*.example.com” is not a website address. Write it like "
            "https://www.example.com.",
        ),
        (
            "\n".join(f"https://site{n}.example.com" for n in range(20)),
            "At most 20 sites can embed the videos of one link; this list has 21. "
            "Make another link for the others.",
        ),
    ],
)
def test_a_list_with_a_mistake_changes_nothing_and_says_what_is_wrong(
    client, alice, make_link, sites, message
):
    link, _ = make_link()
    ShareLink.objects.filter(pk=link.pk).update(embed_sites="https://kept.example.com")
    login_as(client, alice)
    response = save_sites(client, link, "https://fine.example.com\n" + sites)
    assert response.status_code == 302
    assert said(response) == [f"{message} The list of sites was not changed."]
    link.refresh_from_db()
    assert link.embed_sites == "https://kept.example.com"


def test_only_owners_choose_the_sites(client, bob, team, make_link):
    link, _ = make_link()
    login_as(client, bob)
    assert save_sites(client, link, "https://www.example.com").status_code == 403
    set_role(bob, team, Role.VIEWER)
    assert save_sites(client, link, "https://www.example.com").status_code == 403
    link.refresh_from_db()
    assert link.embed_sites == ""


# --- The embed codes on the team's link page -----------------------------------


def link_embed_html(link, project, alice, settings):
    settings.ALLOWED_HOSTS = ["studio.example.com"]
    settings.SITE_URL = ""
    request = RequestFactory().get("/", HTTP_HOST="studio.example.com", secure=True)
    request.user = alice
    context = {"link": link, "project": project, "videos": list(sharelink_renders(link))}
    return render_to_string("projects/_link_embed.html", context, request=request)


def test_each_video_has_an_embed_code_to_copy(
    alice, project, render, other_render, make_link, settings
):
    Render.objects.filter(pk=render.pk).update(title='Ana "the" <CEO>')
    link, token = make_link(renders=[render, other_render])
    html = link_embed_html(link, project, alice, settings)
    assert f'action="/shares/{link.code}/embed-sites/"' in html
    codes = re.findall(r"<textarea id=\"embed-code-[^>]*>(.*?)</textarea>", html, re.S)
    assert len(codes) == 2
    first = codes[0]
    # The code is shown as text: the <iframe> escaped once for the page.
    assert first.startswith("&lt;iframe src=&quot;https://studio.example.com/s/")
    assert f"https://studio.example.com/s/{token}/embed/{render.code}/" in first
    assert "title=&quot;Ana &amp;quot;the&amp;quot; &amp;lt;CEO&amp;gt;&quot;" in first
    # What the browser shows, and people copy, is the code with the title escaped once.
    copied = html_module.unescape(first)
    assert 'title="Ana &quot;the&quot; &lt;CEO&gt;"' in copied
    assert copied.endswith('loading="lazy"></iframe>')
    assert f"/embed/{other_render.code}/" in codes[1]
    assert "Embed code for “Ana &quot;the&quot; &lt;CEO&gt;”" in html


def test_a_link_whose_address_cannot_be_shown_has_no_embed_code(
    alice, project, render, make_link, settings
):
    link, _ = make_link(render=render)
    ShareLink.objects.filter(pk=link.pk).update(secret="")
    link.refresh_from_db()
    html = link_embed_html(link, project, alice, settings)
    assert "/embed/" not in html
    assert "Make a new link to embed them." in html
