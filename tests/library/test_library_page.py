"""The library page: every upload of the team, its facts and where it was used,
found by name or tag and filtered by kind; viewing is for every member."""

import re

import pytest

from projects.assets.library import RENDERS_SHOWN_PER_PROJECT

from .conftest import client_of, library_url, page_of, portrait, renders, voiceover


def listed(html):
    """The labels of the uploads on the page, in order."""
    return re.findall(r'<h2 class="library-asset__label break">([^<]*)</h2>', html)


def test_a_viewer_sees_every_upload_of_the_team_with_its_facts(team, alice, vera, project, autumn):
    face = portrait(team, project, label="anna.png", uploaded_by=alice)
    voice = voiceover(team, autumn, label="spring-offer.mp3", uploaded_by=alice)
    loose = portrait(team, None, label="no-project.png", colour=(1, 2, 3))

    html = page_of(client_of(vera).get(library_url(team)))

    assert listed(html) == ["no-project.png", "spring-offer.mp3", "anna.png"]
    assert f'<img src="/assets/{face.code}/file/"' in html
    assert f'<audio controls preload="none" src="/assets/{voice.code}/file/"' in html
    assert "Portrait" in html and "Voiceover" in html
    assert face.summary() in html and voice.summary() in html  # size, and duration
    assert "Uploaded by Alice on" in html and face.created.strftime("%b") in html
    assert f'to <a href="/projects/{autumn.code}/">Autumn launch</a>' in html
    assert "3 uploads in the library." in html
    assert str(loose.code) in html
    # A viewer may look and download, not change.
    assert f"/assets/{face.code}/file/?download=1" in html
    assert "/edit/" not in html and "/delete/" not in html


def test_editors_get_rename_tag_and_remove_forms(team, bob, project):
    face = portrait(team, project)

    html = page_of(client_of(bob).get(library_url(team)))

    assert f'action="/assets/{face.code}/edit/"' in html
    assert f'action="/assets/{face.code}/delete/"' in html
    assert f'name="next" value="{library_url(team)}"' in html


def test_the_library_shows_only_the_team_s_own_uploads(team, alice, charlie, project):
    portrait(team, project, label="ours.png")
    other_team = charlie.memberships.get().team
    portrait(other_team, None, label="theirs.png", colour=(9, 9, 9))

    html = page_of(client_of(alice).get(library_url(team)))

    assert listed(html) == ["ours.png"]
    assert client_of(charlie).get(library_url(team)).status_code == 404


def test_search_finds_words_in_names_and_tags_whatever_their_case(team, alice, project):
    portrait(team, project, label="Anna smiling.png", tags="ceo french", colour=(1, 1, 1))
    portrait(team, project, label="Ben.png", tags="sales", colour=(2, 2, 2))
    voiceover(team, project, label="Anna voice.mp3", tags="french")
    owner = client_of(alice)

    assert listed(page_of(owner.get(library_url(team, q="ANNA")))) == [
        "Anna voice.mp3",
        "Anna smiling.png",
    ]
    assert listed(page_of(owner.get(library_url(team, q="French")))) == [
        "Anna voice.mp3",
        "Anna smiling.png",
    ]
    # Every word must be found, in the name or in the tags.
    assert listed(page_of(owner.get(library_url(team, q="anna ceo")))) == ["Anna smiling.png"]
    assert listed(page_of(owner.get(library_url(team, q="sales")))) == ["Ben.png"]
    html = page_of(owner.get(library_url(team, q="nobody")))
    assert listed(html) == [] and "No uploads match these filters" in html


def test_filters_by_kind_and_by_exact_tag(team, alice, project):
    portrait(team, project, label="a.png", tags="ceo", colour=(1, 1, 1))
    portrait(team, project, label="b.png", tags="ceos", colour=(2, 2, 2))
    voiceover(team, project, label="c.mp3", tags="french ceo")
    owner = client_of(alice)

    assert listed(page_of(owner.get(library_url(team, kind="voiceover")))) == ["c.mp3"]
    assert listed(page_of(owner.get(library_url(team, kind="portrait")))) == ["b.png", "a.png"]
    assert listed(page_of(owner.get(library_url(team, tag="ceo")))) == ["c.mp3", "a.png"]
    assert listed(page_of(owner.get(library_url(team, tag="CEO", kind="portrait")))) == ["a.png"]
    html = page_of(owner.get(library_url(team)))
    # Every tag of the team, each a link that keeps the other filters.
    assert re.findall(r">#(\w+)</a>", html.split('class="library"')[0]) == ["ceo", "ceos", "french"]
    html = page_of(owner.get(library_url(team, kind="portrait")))
    assert 'href="?kind=portrait&amp;tag=ceos"' in html


def test_removed_uploads_are_listed_apart_without_their_files(team, alice, project):
    kept = portrait(team, project, label="kept.png", colour=(1, 1, 1))
    gone = portrait(team, project, label="gone.png", colour=(2, 2, 2))
    renders(project, alice, gone, count=2)
    gone.soft_delete()
    owner = client_of(alice)

    assert listed(page_of(owner.get(library_url(team)))) == ["kept.png"]
    html = page_of(owner.get(library_url(team, show="removed")))
    assert listed(html) == ["gone.png"]
    assert "1 removed upload." in html
    assert f"/assets/{gone.code}/file/" not in html
    assert "Removed from the library on" in html
    assert "The videos made with it stay as they are." in html
    assert "Used in 2 videos" in html
    assert f"/assets/{gone.code}/edit/" not in html and str(kept.code) not in html


def test_each_upload_says_where_it_was_used_with_links(team, alice, project, autumn):
    face = portrait(team, project, label="anna.png")
    voice = voiceover(team, project, label="spring-offer.mp3")
    unused = portrait(team, project, label="unused.png", colour=(5, 5, 5))
    first, *_ = renders(project, alice, face, voice)
    kling, *_ = renders(autumn, alice, face)

    html = page_of(client_of(alice).get(library_url(team)))
    entry = html.split(f'id="asset-{face.code}"')[1].split("library-asset__uses")[1]

    assert "Used in 2 videos:" in entry
    assert f'<a href="/projects/{autumn.code}/">Autumn launch</a>' in entry
    assert f'<a href="/projects/{project.code}/">Spring campaign</a>' in entry
    assert entry.index("Autumn launch") < entry.index("Spring campaign")
    assert f'<a href="/renders/{first.code}/">with spring-offer.mp3 (version 1)</a>' in entry
    assert f'href="/renders/{kling.code}/">with “Hello from the spring' in entry
    voice_entry = html.split(f'id="asset-{voice.code}"')[1]
    assert f'<a href="/renders/{first.code}/">with anna.png (version 1)</a>' in voice_entry
    unused_entry = html.split(f'id="asset-{unused.code}"')[1]
    assert "Not used in any video yet." in unused_entry.split("</li>")[0]


def test_a_much_used_upload_links_to_the_gallery_for_the_rest(team, alice, project):
    face = portrait(team, project)
    renders(project, alice, face, count=RENDERS_SHOWN_PER_PROJECT + 3)

    html = page_of(client_of(alice).get(library_url(team)))

    assert f"Used in {RENDERS_SHOWN_PER_PROJECT + 3} videos:" in html
    assert html.count('href="/renders/') == RENDERS_SHOWN_PER_PROJECT
    assert f'<a href="/projects/{project.code}/?portrait={face.code}#gallery">and 3 more</a>' in (
        html
    )


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "video"},
        {"show": "everything"},
        {"q": "x" * 500},
        {"q": "a\x00b"},
        {"tag": "a\x1bb"},
        {"tag": "#"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
    ],
)
def test_a_filter_that_does_not_fit_is_ignored(team, alice, project, query):
    portrait(team, project, label="still-here.png")

    html = page_of(client_of(alice).get(library_url(team, **query)))

    assert listed(html) == ["still-here.png"]


def test_pages_keep_the_filters(team, alice, project, monkeypatch):
    monkeypatch.setattr("projects.assets.library.LIBRARY_PAGE_SIZE", 2)
    for index in range(3):
        portrait(team, project, label=f"p{index}.png", tags="ceo", colour=(index, 0, 0))
    owner = client_of(alice)

    html = page_of(owner.get(library_url(team, tag="ceo")))

    assert listed(html) == ["p2.png", "p1.png"]
    assert 'href="?tag=ceo&amp;page=2"' in html
    assert listed(page_of(owner.get(library_url(team, tag="ceo", page=2)))) == ["p0.png"]


def test_the_nav_and_the_project_page_link_to_the_library(client, team, alice, project):
    client.force_login(alice)

    project_page = page_of(client.get(f"/projects/{project.code}/"))
    library = page_of(client.get(library_url(team)))

    assert f'<a href="{library_url(team)}" >Library</a>' in project_page
    assert f'<a href="{library_url(team)}">The team\'s library</a>' in project_page
    assert f'<a href="{library_url(team)}" aria-current="page">Library</a>' in library


def test_an_empty_library_says_where_uploads_come_from(team, alice):
    html = page_of(client_of(alice).get(library_url(team)))

    assert "Nothing in the library yet" in html
