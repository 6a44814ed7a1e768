"""The render page says whether the video's content credentials check out,
and what they say, in words."""

import pytest
from django.utils.html import escape

from projects.models import CredentialsState
from tests.conftest import login_as
from tests.gallery.conftest import finish, make_render, portrait, voiceover  # noqa: F401


def section(client, render):
    html = client.get(f"/renders/{render.code}/").content.decode()
    start = html.index('id="content-credentials"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize(
    "state, headline, explanation",
    [
        (CredentialsState.SIGNED, "Content credentials: valid", "it checks out"),
        (
            CredentialsState.SELF_SIGNED,
            "Content credentials: self-signed (development certificate)",
            "other apps will not know who signed it",
        ),
        (
            CredentialsState.PENDING,
            "Content credentials: not signed yet — we'll try again",
            "plays as usual",
        ),
        (CredentialsState.INVALID, "Content credentials: invalid", "changed after it was signed"),
    ],
)
def test_each_state_is_said_in_words(client, alice, make_render, state, headline, explanation):  # noqa: F811
    render = finish(make_render(), task_id="kling-task-42", credentials_state=state)
    login_as(client, alice)
    text = section(client, render)
    assert headline in text
    assert explanation in text
    says = "made by Avatar Studio with AI (Kling), Kling task kling-task-42"
    assert (says in text) == (state in (CredentialsState.SIGNED, CredentialsState.SELF_SIGNED))


def test_valid_credentials_name_the_portrait_the_voiceover_and_the_team(
    client,
    alice,
    make_render,  # noqa: F811
):
    render = finish(make_render(), credentials_state=CredentialsState.SIGNED)
    login_as(client, alice)
    text = section(client, render)
    assert "from the portrait “anna.png” and the voiceover “spring-offer.mp3”" in text
    assert f"for {escape(render.project.team.name)}," in text


def test_a_failed_try_is_said_without_key_material(client, alice, make_render):  # noqa: F811
    render = finish(
        make_render(),
        credentials_state=CredentialsState.PENDING,
        credentials_error="The signing key file could not be read.",
    )
    login_as(client, alice)
    text = section(client, render)
    assert "Last try: The signing key file could not be read." in text


def test_a_video_not_made_yet_has_no_credentials_section(client, alice, make_render):  # noqa: F811
    render = make_render()
    login_as(client, alice)
    assert 'id="content-credentials"' not in client.get(f"/renders/{render.code}/").content.decode()
