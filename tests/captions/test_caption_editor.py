"""Editing captions on the render page: every save is a new version (the
files and the player's track follow at once, older versions stay), bad
input changes nothing and says why, and a save over a newer version is
refused."""

import pytest

from projects.captions.editing import time_words
from projects.models import AuditEntry, AuditKind, Caption, CaptionSource, Render
from tests.captions.conftest import CUES
from tests.conftest import login_as


def edit_url(render):
    return f"/renders/{render.code}/captions/edit/"


def form_data(cues=CUES, version=1, **changes):
    """The editor's POST for `cues`, with `changes` like text_1="…" or end_0="0:02"."""
    data = {
        "version": str(version),
        "cue-TOTAL_FORMS": str(len(cues)),
        "cue-INITIAL_FORMS": str(len(cues)),
    }
    for index, cue in enumerate(cues):
        data[f"cue-{index}-text"] = cue["text"]
        data[f"cue-{index}-start"] = time_words(cue["start"])
        data[f"cue-{index}-end"] = time_words(cue["end"])
    for key, value in changes.items():
        field, index = key.rsplit("_", 1)
        data[f"cue-{index}-{field}"] = value
    return data


def test_an_editor_fixes_a_word_and_the_files_and_the_track_follow(client, bob, team, captioned):
    login_as(client, bob, team)
    page = client.get(f"/renders/{captioned.code}/").content.decode()
    assert "Edit the words and timing" in page and 'name="cue-1-text"' in page
    response = client.post(edit_url(captioned), form_data(text_0="Hello from our"))
    assert response.status_code == 302
    assert response["Location"] == f"/renders/{captioned.code}/#captions"
    newest, first = captioned.captions.all()
    assert (newest.version, first.version) == (2, 1)
    assert newest.cues[0] == {"start": 0.2, "end": 1.6, "text": "Hello from our"}
    assert newest.cues[1] == CUES[1] and first.cues == CUES  # the rest kept, v1 kept
    assert newest.source == CaptionSource.ALIGNED and newest.edit == "edited"
    assert newest.edited_by == bob
    vtt = client.get(f"/renders/{captioned.code}/captions.vtt").content.decode()
    assert "00:00:00.200 --> 00:00:01.600\nHello from our" in vtt
    srt = client.get(f"/renders/{captioned.code}/captions.srt").content.decode()
    assert "Hello from our" in srt and "Hello from the" not in srt
    page = client.get(f"/renders/{captioned.code}/").content.decode()
    assert "version 2" in page and "Edited by Bob" in page and "Bring back version 1" in page
    entry = AuditEntry.objects.get(kind=AuditKind.CAPTIONS_CHANGED)
    assert entry.actor == bob and entry.target_code == str(captioned.code)
    assert entry.summary == "Version 2: words of 1 caption changed (from version 1)"


def test_timing_can_be_moved_and_is_kept_to_the_millisecond(client, alice, team, captioned):
    login_as(client, alice, team)
    response = client.post(
        edit_url(captioned), form_data(start_1="0:01.8", end_1="3.25", end_0="1.7")
    )
    assert response.status_code == 302
    cues = captioned.captions.first().cues
    assert (cues[0]["start"], cues[0]["end"]) == (0.2, 1.7)
    assert (cues[1]["start"], cues[1]["end"]) == (1.8, 3.25)
    vtt = client.get(f"/renders/{captioned.code}/captions.vtt").content.decode()
    assert "00:00:01.800 --> 00:00:03.250" in vtt
    summary = AuditEntry.objects.get(kind=AuditKind.CAPTIONS_CHANGED).summary
    assert summary == "Version 2: timing of 2 captions changed (from version 1)"


def test_a_long_line_is_wrapped_onto_two_lines_as_the_machine_wraps(client, alice, team, captioned):
    login_as(client, alice, team)
    words = "Meet Astra, the studio that turns one portrait into a campaign"
    assert client.post(edit_url(captioned), form_data(text_0=words)).status_code == 302
    text = captioned.captions.first().cues[0]["text"]
    assert text.replace("\n", " ") == words
    assert len(text.split("\n")) == 2 and max(len(line) for line in text.split("\n")) <= 42


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"text_0": "   "}, "it cannot be empty"),
        ({"text_0": "word " * 30}, "it must fit on 2 lines of 42 characters"),
        ({"text_0": "Hello\x07 there"}, "Remove the invisible characters"),
        ({"text_0": "Hello\u202e there"}, "Remove the invisible characters"),
        ({"start_0": "soon"}, "Write when it starts as minutes:seconds, like 0:01.5."),
        ({"end_0": ""}, "Write when it ends, like 0:01.5."),
        ({"start_0": "-1"}, "Write when it starts as minutes:seconds"),
        ({"end_0": "0:00.1"}, "It must end after it starts."),
        ({"start_1": "1.9", "end_1": "2.5"}, "Show it for at least 1 second"),
        ({"end_1": "4.5"}, "The video ends at 0:04: end the caption by then."),
        ({"start_1": "1.2"}, "It starts before caption 1 ends (0:01.6): captions cannot overlap."),
        ({"end_0": "2"}, "It ends after caption 2 starts (0:01.6): captions cannot overlap."),
    ],
)
def test_bad_input_changes_nothing_and_says_why(client, alice, team, captioned, changes, words):
    login_as(client, alice, team)
    response = client.post(edit_url(captioned), form_data(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page.replace("&#x27;", "'")
    assert "Nothing was saved" in page and 'aria-invalid="true"' in page
    assert '<details class="captions-editor" open>' in page
    assert captioned.captions.count() == 1
    assert not AuditEntry.objects.filter(kind=AuditKind.CAPTIONS_CHANGED).exists()


def test_at_most_seven_seconds(client, alice, team, captioned):
    Render.objects.filter(pk=captioned.pk).update(duration=20)
    login_as(client, alice, team)
    response = client.post(edit_url(captioned), form_data(end_1="11"))
    assert response.status_code == 400
    assert "Show it for at most 7 seconds" in response.content.decode()
    assert client.post(edit_url(captioned), form_data(end_1="8.6")).status_code == 302


def test_a_cue_nobody_touched_is_kept_as_the_machine_made_it(client, alice, team, render):
    short = [
        {"start": 0.0, "end": 0.4, "text": "Hi."},
        {"start": 0.4, "end": 2.0, "text": "Supercalifragilisticexpialidocious-and-then-some-more"},
    ]
    Caption.objects.create(render=render, source=CaptionSource.ALIGNED, cues=short)
    login_as(client, alice, team)
    response = client.post(edit_url(render), form_data(short, text_0="Hello."))
    assert response.status_code == 302
    assert render.captions.first().cues == [{**short[0], "text": "Hello."}, short[1]]


def test_saving_unchanged_captions_makes_no_version(client, alice, team, captioned):
    login_as(client, alice, team)
    response = client.post(edit_url(captioned), form_data(), follow=True)
    assert "Nothing changed: the captions stay at version 1." in response.content.decode()
    assert captioned.captions.count() == 1


def test_a_save_over_a_newer_version_is_refused(client, alice, bob, team, captioned):
    login_as(client, alice, team)
    Caption.objects.create(
        render=captioned, source=CaptionSource.ALIGNED, cues=CUES, version=2, edited_by=bob,
        edit="edited",
    )  # fmt: skip
    response = client.post(edit_url(captioned), form_data(version=1, text_0="Mine"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone saved these captions (version 2, by Bob) after you opened this page" in page
    assert "Mine" in page  # the person's words are still there to copy
    assert captioned.captions.count() == 2
    assert captioned.captions.first().cues == CUES


def test_a_missing_version_is_refused(client, alice, team, captioned):
    login_as(client, alice, team)
    data = form_data(text_0="Mine")
    del data["version"]
    assert client.post(edit_url(captioned), data).status_code == 400
    assert captioned.captions.count() == 1


def test_a_viewer_reads_the_cues_but_cannot_edit(client, vera, team, captioned):
    login_as(client, vera, team)
    page = client.get(f"/renders/{captioned.code}/").content.decode()
    assert "Read the captions (2)" in page and "0:00.2 to 0:01.6" in page
    assert "Edit the words and timing" not in page and edit_url(captioned) not in page
    response = client.post(edit_url(captioned), form_data(text_0="Mine"))
    assert response.status_code == 403
    assert "does not allow this" in response.content.decode()
    assert captioned.captions.count() == 1


def test_an_outsider_gets_nothing(client, charlie, captioned):
    login_as(client, charlie)
    assert client.post(edit_url(captioned), form_data(text_0="Mine")).status_code == 404
    restore = f"/renders/{captioned.code}/captions/restore/"
    assert client.post(restore, {"version": 1, "restore": 1}).status_code == 404
    assert captioned.captions.count() == 1


def test_an_earlier_version_can_be_brought_back(client, alice, bob, team, captioned):
    login_as(client, bob, team)
    client.post(edit_url(captioned), form_data(text_0="Wrong words"))
    restore = f"/renders/{captioned.code}/captions/restore/"
    response = client.post(restore, {"version": 2, "restore": 1})
    assert response.status_code == 302 and response["Location"].endswith("#captions")
    newest = captioned.captions.first()
    assert (newest.version, newest.cues, newest.edit) == (3, CUES, "restored")
    assert newest.restored_from == 1 and newest.edited_by == bob
    assert [c.version for c in captioned.captions.all()] == [3, 2, 1]
    vtt = client.get(f"/renders/{captioned.code}/captions.vtt").content.decode()
    assert "Hello from the" in vtt
    page = client.get(f"/renders/{captioned.code}/").content.decode()
    assert "Version 1 brought back by Bob" in page
    kinds = list(AuditEntry.objects.values_list("summary", flat=True))
    assert kinds[0] == "Version 3: version 1 restored"
    # A restore over a newer version than the page knew is refused.
    refused = client.post(restore, {"version": 2, "restore": 1}, follow=True).content.decode()
    assert "Someone saved version 3 of these captions" in refused
    assert client.post(restore, {"version": 3, "restore": 9}).status_code == 302
    assert captioned.captions.count() == 3


def test_a_viewer_cannot_bring_back_a_version(client, vera, team, captioned):
    login_as(client, vera, team)
    restore = f"/renders/{captioned.code}/captions/restore/"
    assert client.post(restore, {"version": 1, "restore": 1}).status_code == 403


def test_making_them_again_is_in_the_audit_trail(client, alice, team, captioned, enqueued):
    login_as(client, alice, team)
    response = client.post(f"/renders/{captioned.code}/captions/remake/")
    assert response.status_code == 302 and response["Location"].endswith("#captions")
    entry = AuditEntry.objects.get(kind=AuditKind.CAPTIONS_CHANGED)
    assert entry.summary == "Captions to be made again" and entry.actor == alice
    assert ("projects.tasks.make_captions", (captioned.pk,)) in enqueued


@pytest.mark.parametrize("total", ["1", "3", "5000", "x"])
def test_a_form_with_the_wrong_number_of_captions_changes_nothing(
    client, alice, team, captioned, total
):
    login_as(client, alice, team)
    data = form_data(text_0="Mine") | {"cue-TOTAL_FORMS": total}
    data |= {"cue-2-text": "Extra", "cue-2-start": "3.5", "cue-2-end": "4"}
    response = client.post(edit_url(captioned), data)
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert captioned.captions.count() == 1
