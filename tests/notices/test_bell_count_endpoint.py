"""The small JSON the bell polls: the person's own unread count, its words
for the bell's name, and the collapsed lines; never cached."""

import importlib

from projects.models import NoticeKind
from tests.conftest import login_as


def test_the_count_and_lines_are_the_persons_own(client, alice, bob, video, notice):
    a, b = video("Astronaut EN"), video("Chef teaser")
    notice(alice, a)
    notice(alice, b)
    notice(alice, b, NoticeKind.FEEDBACK, "Anna (client) commented on “Chef teaser”")
    notice(bob, a, NoticeKind.FEEDBACK, "For Bob")
    login_as(client, alice)
    response = client.get("/notices/count.json")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    data = response.json()
    assert data["unread"] == 3 and data["count"] == "3"
    assert data["label"] == "Notices, 3 unread"
    texts = [line["text"] for line in data["lines"]]
    assert texts == [
        "Anna (client) commented on “Chef teaser”",
        "2 videos in “Spring campaign” are ready",
    ]
    ready = data["lines"][1]
    assert [i["title"] for i in ready["items"]] == ["Chef teaser", "Astronaut EN"]
    assert len(ready["ids"]) == 2


def test_the_count_follows_new_and_read_notices(client, alice, video, notice):
    take = video("Astronaut EN")
    login_as(client, alice)
    assert client.get("/notices/count.json").json()["unread"] == 0
    notice(alice, take)
    assert client.get("/notices/count.json").json()["label"] == "Notices, 1 unread"
    client.get(take.get_absolute_url())
    assert client.get("/notices/count.json").json() == {
        "unread": 0,
        "count": "0",
        "label": "Notices, none unread",
        "lines": [],
        "more": 0,
    }


def test_a_long_list_is_cut_in_the_panel_but_counted(client, alice, video, notice):
    take = video("A")
    for n in range(12):
        notice(alice, take, NoticeKind.OTHER, f"Other {n}")
    login_as(client, alice)
    data = client.get("/notices/count.json").json()
    assert data["unread"] == 12 and len(data["lines"]) == 8 and data["more"] == 4


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/notices/count.json")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_old_notices_get_the_kind_their_words_say():
    migration = importlib.import_module("projects.migrations.0011_notice_kinds_and_mail_choices")
    assert migration.kind_of("“A” in “Spring” is ready.") == "ready"
    assert migration.kind_of("“A” in “Spring” could not be made: no face") == "failed"
    assert migration.kind_of("Anna (client) approved “A” via the link “X”.") == "feedback"
    assert migration.kind_of("Anything else") == "other"
