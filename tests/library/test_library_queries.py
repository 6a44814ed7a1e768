"""The library costs the same number of queries for 3 uploads as for 30, each
used by videos in several projects."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project

from .conftest import client_of, library_url, portrait, renders, voiceover

# The session, the user, the current membership, notices and any provider
# pause (every page); the membership asked for; then the library's own: the
# count, the page of uploads, the videos that used them, the team's tags.
MOST_QUERIES = 10


def fill(team, user, count, offset):
    """`count` uploads, portraits and voiceovers in turn, tagged, each used in
    two videos of one project and one of another (with one shared voiceover
    or portrait for the other input: two more uploads)."""
    projects = [
        Project.objects.create(team=team, name=f"Project {offset + i}", created_by=user)
        for i in range(2)
    ]
    voice = voiceover(team, projects[0], label=f"shared-{offset}.mp3")
    face = portrait(team, None, label=f"shared-{offset}.png", colour=(offset, 1, 0))
    for index in range(offset, offset + count):
        if index % 2:
            asset = voiceover(team, projects[1], label=f"v{index}.mp3", tags=f"t{index}")
            used = {"portrait": face, "voiceover": asset}
        else:
            asset = portrait(team, projects[0], label=f"p{index}.png", colour=(index, 0, 0))
            asset.tags, asset.uploaded_by = f"t{index} shared", user
            asset.save()
            used = {"portrait": asset, "voiceover": voice}
        renders(projects[0], user, count=2, **used)
        renders(projects[1], user, **used)


def library_queries(client, team):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(library_url(team))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_library_makes_as_many_queries_for_30_uploads_as_for_3(team, alice, vera):
    client = client_of(vera)
    fill(team, alice, 3, 0)
    few, html = library_queries(client, team)
    assert html.count('class="library-asset"') == 3 + 2
    assert html.count("Used in 3 videos:") >= 3

    fill(team, alice, 27, 100)
    many, html = library_queries(client, team)

    assert html.count('class="library-asset"') == 30 + 4
    assert html.count("Used in 3 videos:") >= 30
    assert "and 23 more</a>" in html  # the shared voiceover: 14 × 2 videos of a project
    assert many == few
    assert few <= MOST_QUERIES
