"""Where "next" sends someone after an action: a path on this site, or the
usual page. A value like "0" used to be taken for the name of a page and give
a 500 (found by tests/security/test_fuzzed_parameters.py)."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    "next_url", ["0", "home", "project_list", "https://evil.example/", "//evil.example/", ""]
)
def test_marking_notices_read_goes_home_unless_next_is_a_path_here(world, owner, next_url):
    response = owner.post("/notices/read/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_marking_notices_read_goes_back_to_the_page_it_was_sent_from(world, owner):
    response = owner.post("/notices/read/", {"next": "/teams/?x=1"})
    assert response["Location"] == "/teams/?x=1"


@pytest.mark.parametrize("next_url", ["0", "home", "https://evil.example/"])
def test_sign_up_ignores_a_next_that_is_not_a_path_here(world, owner, next_url):
    # Already logged in: sent on at once, to the usual page.
    assert owner.get("/accounts/signup/", {"next": next_url})["Location"] == "/"
    response = Client().post(
        "/accounts/signup/",
        {"name": "Nia", "email": "nia@example.org", "password1": PASSWORD, "next": next_url},
    )
    # Signed up: asked to confirm the address, never sent off the site.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
