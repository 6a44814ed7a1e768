"""Several unread notices of one kind in one project read as one line of the
bell, naming the videos and linking to the gallery filtered for them; other
kinds, other projects and "other" notices keep lines of their own."""

import re

from projects.models import NoticeKind
from projects.notices.tray import lines, unread
from tests.conftest import login_as


def test_three_ready_videos_in_a_project_are_one_line(alice, project, video, notice):
    takes = [video(t) for t in ("Astronaut EN", "Astronaut DE", "Chef teaser")]
    for take in takes:
        notice(alice, take)
    [line] = lines(unread(alice))
    assert line.text == "3 videos in “Spring campaign” are ready"
    assert line.url == f"/projects/{project.code}/?status=done#gallery"
    assert [i.title for i in line.items] == ["Chef teaser", "Astronaut DE", "Astronaut EN"]
    assert [i.url for i in line.items] == [t.get_absolute_url() for t in reversed(takes)]
    assert len(line.ids) == 3


def test_kinds_and_projects_do_not_mix(alice, project, other_project, video, notice):
    a, b = video("A"), video("B")
    c = video("C", in_project=other_project)
    notice(alice, a)
    notice(alice, b)
    notice(alice, c)
    notice(alice, a, NoticeKind.FAILED, "“A” in “Spring campaign” could not be made: no face.")
    notice(alice, b, NoticeKind.OTHER, "Something else about B")
    notice(alice, a, NoticeKind.OTHER, "Something else about A")
    texts = [line.text for line in lines(unread(alice))]
    assert sorted(texts) == sorted(
        [
            "2 videos in “Spring campaign” are ready",
            "“C” in “Autumn teaser” is ready.",
            "“A” in “Spring campaign” could not be made: no face.",
            "Something else about B",
            "Something else about A",
        ]
    )


def test_several_notices_about_one_video_are_one_line_to_it(alice, bob, video, notice):
    take = video("Astronaut EN")
    for body in ("Smile", "Blink", "Louder"):
        notice(bob, take, NoticeKind.FEEDBACK, f"Anna (client) commented on “Astronaut EN”: {body}")
    [line] = lines(unread(bob))
    assert line.text == "3 client answers on “Astronaut EN” in “Spring campaign”"
    assert line.url == take.get_absolute_url()
    assert not line.items


def test_failed_and_changes_link_to_their_filters(alice, project, video, notice):
    a, b = video("A"), video("B")
    for take in (a, b):
        notice(alice, take, NoticeKind.FAILED, "failed")
        notice(alice, take, NoticeKind.CHANGES, "changes")
    found = {line.kind: line for line in lines(unread(alice))}
    assert found["failed"].text == "2 videos in “Spring campaign” could not be made"
    assert found["failed"].url.endswith("?status=failed#gallery")
    assert found["changes"].text == "Changes were asked for on 2 videos in “Spring campaign”"
    assert found["changes"].url.endswith("?review=changes#gallery")


def test_the_bell_shows_the_collapsed_line_and_the_count_in_its_name(client, alice, video, notice):
    for title in ("Astronaut EN", "Astronaut DE", "Chef teaser"):
        notice(alice, video(title))
    login_as(client, alice)
    page = client.get("/").content.decode()
    assert "Notices, 3 unread" in page
    assert "3 videos in “Spring campaign” are ready" in page
    assert "Chef teaser" in page
    # One line, and no banner stack pushing the page down any more.
    shown = page.split("<template")[0]  # the panel, without the script's blank line
    assert len(re.findall(r'<li class="bell__line"', shown)) == 1
    assert 'class="notices"' not in page


def test_a_person_with_nothing_unread_sees_a_quiet_bell(client, alice):
    login_as(client, alice)
    page = client.get("/").content.decode()
    assert "Notices, none unread" in page
    assert "Nothing new." in page
