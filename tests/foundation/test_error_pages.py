"""Errors show the site's own pages, in plain words with a way back, with
DEBUG off (as the suite runs): never Django's bare "Server Error (500)"."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import path

import avatarstudio.urls
from avatarstudio import errors
from projects.teams.roles import Role
from tests.conftest import login_as, set_role

STYLESHEET = "/static/css/app.css"
DJANGO_DEFAULTS = [
    "Server Error (500)",
    "<h1>Not Found</h1>",
    "<h1>Bad Request (400)</h1>",
    "403 Forbidden",
    "Forbidden <span>(403)</span>",
    "CSRF verification failed",
]


def boom(request):
    raise RuntimeError("a bug, with details nobody should see: secret-token-123")


def refuse(request):
    raise PermissionDenied("django.contrib internals: not for marketers")


def missing(request):
    raise Http404("No such thing in table projects_render")


def suspicious(request):
    raise SuspiciousOperation("Malformed header, raw")


# A URLconf of this test: the app's pages and error handlers, plus views that fail.
urlpatterns = [
    path("boom/", boom),
    path("s/boom/", boom),
    path("refuse/", refuse),
    path("missing/", missing),
    path("suspicious/", suspicious),
    *avatarstudio.urls.urlpatterns,
]
handler400 = avatarstudio.urls.handler400
handler403 = avatarstudio.urls.handler403
handler404 = avatarstudio.urls.handler404
handler500 = avatarstudio.urls.handler500


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = __name__
    assert settings.DEBUG is False


@pytest.fixture
def browser():
    client = Client()
    client.raise_request_exception = False
    return client


def assert_branded(response, status):
    html = response.content.decode()
    assert response.status_code == status
    assert STYLESHEET in html
    assert "Avatar Studio" in html
    for default in DJANGO_DEFAULTS:
        assert default not in html
    return html


def assert_way_back(html, shared=False):
    assert "data-go-back" in html  # "Go back" (static/js/errors.js)
    assert "/static/js/errors.js" in html
    if shared:
        # A visitor of a share link has no account: nothing leads to a log-in page.
        assert 'href="/"' not in html
        assert "/accounts/login/" not in html
        assert "open the link you were sent again" in html
    else:
        assert 'href="/"' in html and "Go to your projects" in html


@pytest.mark.django_db
def test_a_bug_shows_the_branded_500_page_without_its_details(failing_site, browser):
    html = assert_branded(browser.get("/boom/"), 500)
    assert "Something went wrong on our side" in html
    assert "secret-token-123" not in html and "RuntimeError" not in html
    assert_way_back(html)


@pytest.mark.django_db
def test_a_bug_under_a_share_link_offers_no_way_into_the_studio(failing_site, browser):
    html = assert_branded(browser.get("/s/boom/"), 500)
    assert_way_back(html, shared=True)


def test_the_500_page_shows_with_the_database_down(failing_site, browser):
    # No django_db mark: any query raises, as with the database down. The
    # middleware that needs the database fails too; the page still shows.
    html = assert_branded(browser.get("/boom/"), 500)
    assert "Something went wrong on our side" in html
    assert_way_back(html)


def test_the_500_template_renders_with_an_empty_context_and_no_request():
    html = loader.render_to_string("500.html", {})
    assert STYLESHEET in html and "Something went wrong" in html
    response = errors.server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500 and STYLESHEET in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_shows_the_branded_404(failing_site, browser):
    html = assert_branded(browser.get("/no-such-page/"), 404)
    assert "We cannot find that page" in html
    assert_way_back(html)
    html = assert_branded(browser.get("/missing/"), 404)
    assert "projects_render" not in html


@pytest.mark.django_db
def test_an_unknown_address_under_a_share_link_keeps_its_own_page(failing_site, browser):
    html = assert_branded(browser.get("/s/not-a-link/anything/"), 404)
    assert "This link does not open" in html
    assert "/accounts/login/" not in html


@pytest.mark.django_db
def test_a_refusal_shows_the_branded_403_without_internal_words(failing_site, browser):
    html = assert_branded(browser.get("/refuse/"), 403)
    assert "You cannot do this here" in html
    assert "django.contrib" not in html
    assert_way_back(html)


@pytest.mark.django_db
def test_a_role_that_cannot_do_this_is_told_which_role_can(client, bob, team, project):
    set_role(bob, team, Role.VIEWER)
    login_as(client, bob, team)
    response = client.get(f"/projects/{project.code}/edit/")
    html = assert_branded(response, 403)
    assert "Your role in" in html and "(viewer) does not allow this" in html
    assert "make you an editor" in html
    assert_way_back(html)


@pytest.mark.django_db
def test_a_malformed_request_shows_the_branded_400(failing_site, browser):
    html = assert_branded(browser.get("/suspicious/"), 400)
    assert "That did not work" in html and "Malformed header" not in html
    assert_way_back(html)


@pytest.mark.django_db
def test_a_form_refused_by_the_csrf_check_says_so_in_plain_words():
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")  # the form, and its cookie
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    html = assert_branded(response, 403)
    assert "This form was open too long or in another tab" in html
    assert "Nothing was changed" in html
    assert_way_back(html)


@pytest.mark.django_db
def test_a_form_refused_for_want_of_a_cookie_mentions_cookies():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    html = assert_branded(response, 403)
    assert "blocking cookies" in html
