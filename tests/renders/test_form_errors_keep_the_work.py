"""A mistake in the make-video form shows the project page again (400) with
the message once, beside the field it concerns, and every tick, the typed
direction and script and the options as they were. Text over Kling's limits
is refused, never cut."""

import re
from html.parser import HTMLParser

import pytest

from projects.kling.limits import PROMPT_MAX_CHARS, SCRIPT_MAX_CHARS
from projects.models import Render
from tests.conftest import login_as
from tests.factories import portrait_asset, voiceover_asset


class FormState(HTMLParser):
    """What the render form shows: ticked boxes, chosen radios and options,
    the text of its textareas, and the attributes of those textareas."""

    def __init__(self):
        super().__init__()
        self.checked, self.selected, self.texts, self.textarea_attrs = set(), set(), {}, {}
        self._in_form = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-render-form" in attrs:
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and "checked" in attrs:
            self.checked.add((attrs["name"], attrs.get("value")))
        if tag == "option" and "selected" in attrs:
            self.selected.add(attrs["value"])
        if tag == "textarea":
            self._textarea = attrs["name"]
            self.texts[self._textarea] = ""
            self.textarea_attrs[self._textarea] = attrs

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.texts[self._textarea] += data


def form_state(response):
    parser = FormState()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def faces(team, project):
    return [portrait_asset(team, project=project, colour=(i * 70, 90, 90)) for i in range(2)]


@pytest.fixture
def voice(team, project):
    return voiceover_asset(team, project=project, seconds=3.0)


def post(client, project, **data):
    return client.post(f"/projects/{project.code}/renders/new/", {"mode": "std", **data})


def between(page, start, end):
    return page.split(start, 1)[1].split(end, 1)[0]


def test_a_missing_voiceover_keeps_every_choice_and_says_so_once_beside_the_voiceovers(
    client, alice, project, faces, voice, enqueued
):
    login_as(client, alice)
    response = post(
        client,
        project,
        portraits=[f.code for f in faces],
        prompt="Smiles warmly, nods, slow zoom in.",
        mode="pro",
        watermark="on",
        voice_id="uk_man2",
    )
    assert response.status_code == 400
    page = response.content.decode()
    message = "Pick a voiceover, or type a script for a Kling voice to read."
    assert page.count(message) == 1
    assert message in between(page, "<legend>Voiceover</legend>", 'data-picker="voiceover"')
    assert "flash--error" not in page  # not a second time at the top
    state = form_state(response)
    assert state.checked == {
        *(("portraits", str(f.code)) for f in faces),
        ("mode", "pro"),
        ("watermark", None),
    }
    assert ("voiceovers", str(voice.code)) not in state.checked
    assert state.texts["prompt"].strip() == "Smiles warmly, nods, slow zoom in."
    assert "uk_man2" in state.selected
    assert not Render.objects.exists()


def test_a_missing_portrait_is_said_once_beside_the_portraits(
    client, alice, project, voice, enqueued
):
    login_as(client, alice)
    response = post(client, project, voiceovers=[voice.code], prompt="waves")
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Pick a portrait") == 1
    assert "Pick a portrait" in between(page, "<legend>Portrait</legend>", 'data-picker="portrait"')
    assert form_state(response).checked >= {("voiceovers", str(voice.code))}


def test_a_script_with_voiceovers_keeps_both_and_says_not_both_once(
    client, alice, project, faces, voice, enqueued
):
    login_as(client, alice)
    script = "Meet our spring collection, made for sunny days."
    response = post(
        client, project, portraits=[faces[0].code], voiceovers=[voice.code], script=script
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("not both") == 1
    assert form_state(response).texts["script"].strip() == script
    assert re.search(r'<details class="script"[^>]* open>', page)  # where the message is


def test_a_direction_over_the_limit_is_refused_whole_never_cut(
    client, alice, project, faces, voice, enqueued
):
    login_as(client, alice)
    prompt = "a" * (PROMPT_MAX_CHARS + 120)
    response = post(
        client, project, portraits=[faces[0].code], voiceovers=[voice.code], prompt=prompt
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("120 characters too many") == 1
    assert "120 characters too many" in between(page, 'name="prompt"', 'class="row"')
    assert form_state(response).texts["prompt"].strip() == prompt
    assert not Render.objects.exists()


def test_a_script_over_the_limit_is_refused_whole_never_cut(
    client, alice, project, faces, enqueued
):
    login_as(client, alice)
    script = "b" * (SCRIPT_MAX_CHARS + 1)
    response = post(client, project, portraits=[faces[0].code], script=script)
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("1 character too many: a Kling voice reads at most 1,000") == 1
    assert form_state(response).texts["script"].strip() == script
    assert not Render.objects.exists()


def test_no_textarea_of_the_form_lets_the_browser_cut_a_paste(client, alice, project, faces):
    login_as(client, alice)
    state = form_state(client.get(f"/projects/{project.code}/"))
    assert set(state.textarea_attrs) == {"prompt", "script"}
    for name, limit in [("prompt", PROMPT_MAX_CHARS), ("script", SCRIPT_MAX_CHARS)]:
        assert "maxlength" not in state.textarea_attrs[name]
        assert state.textarea_attrs[name]["data-max-chars"] == str(limit)


def test_line_breaks_count_once_as_the_page_counts_them(
    client, alice, project, faces, voice, enqueued
):
    """Browsers send a line break as CR LF; the counter counts it once."""
    login_as(client, alice)
    prompt = "\r\n".join(["x" * 99] * 25)  # 2,499 characters with LF line breaks
    assert len(prompt) > PROMPT_MAX_CHARS
    response = post(
        client, project, portraits=[faces[0].code], voiceovers=[voice.code], prompt=prompt
    )
    assert response.status_code == 302
    assert Render.objects.get().prompt == prompt.replace("\r\n", "\n")


def test_a_deleted_upload_is_explained_beside_its_list(
    client, alice, project, faces, voice, enqueued
):
    login_as(client, alice)
    faces[0].soft_delete()
    response = post(client, project, portraits=[faces[0].code], voiceovers=[voice.code])
    assert response.status_code == 400
    page = response.content.decode()
    message = "A portrait you ticked is no longer in the library."
    assert page.count(message) == 1
    assert message in between(page, "<legend>Portrait</legend>", 'data-picker="portrait"')


def test_nothing_is_ticked_for_the_person_when_the_page_opens(client, alice, project, faces, voice):
    login_as(client, alice)
    faces[1].soft_delete()  # one portrait and one voiceover: still not ticked
    state = form_state(client.get(f"/projects/{project.code}/"))
    assert not {name for name, _ in state.checked} & {"portraits", "voiceovers"}


def test_the_page_shown_again_links_its_gallery_to_the_project_address(
    client, alice, project, faces, voice, enqueued
):
    """It is shown at the form's address: the gallery's filters and pages
    must not send a GET there."""
    login_as(client, alice)
    post(client, project, portraits=[faces[0].code], voiceovers=[voice.code])
    response = post(client, project, portraits=[faces[0].code])
    assert response.status_code == 400
    assert f'action="/projects/{project.code}/#gallery"' in response.content.decode()
