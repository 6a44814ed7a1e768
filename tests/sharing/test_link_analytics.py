"""A share link's figures for the team: openings, viewers, plays, average
share watched, completion; in words a marketer reads; a constant number of
queries however many visitors."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.models import LinkVisitor, VideoWatch
from projects.sharing.analytics import link_analytics


def visitor(link, opens=1, seen=None):
    now = timezone.now()
    return LinkVisitor.objects.create(link=link, opens=opens, last_seen=seen or now)


def watch(link, who, render, plays, watched):
    return VideoWatch.objects.create(
        link=link, visitor=who, render=render, plays=plays, watched=watched
    )


@pytest.fixture
def watched_link(render, other_render, make_link):
    """Five people opened the link; four played the first video, one the second."""
    link, _ = make_link(renders=[render, other_render])
    latest = timezone.now() - timedelta(hours=2)
    people = [visitor(link, opens=n, seen=latest - timedelta(days=n)) for n in (1, 2, 3, 1)]
    people.append(visitor(link, opens=1, seen=latest))
    for person, plays, watched in zip(people[:4], [1, 3, 1, 2], [1.0, 0.96, 0.5, 0.1], strict=True):
        watch(link, person, render, plays, watched)
    watch(link, people[0], other_render, 1, 0.3)
    return link


def test_the_links_figures_add_up(watched_link, render, other_render):
    figures = link_analytics(watched_link)
    assert (figures.visitors, figures.opens) == (5, 8)
    assert timezone.now() - figures.last_opened == pytest.approx(
        timedelta(hours=2), abs=timedelta(minutes=1)
    )
    assert figures.summary == "Opened 8 times by 5 people, last 2\xa0hours ago."
    first, second = figures.videos
    assert first.render == render and second.render == other_render  # the link's order
    assert (first.viewers, first.plays, first.completed) == (4, 7, 2)
    assert first.average == pytest.approx((1.0 + 0.96 + 0.5 + 0.1) / 4)
    assert first.average_percent == 64 and first.completion == 0.5
    assert first.completion_words == "2 of 4 viewers watched to the end"
    assert (second.viewers, second.plays, second.completed, second.average_percent) == (1, 1, 0, 30)
    assert second.completion_words == "0 of 1 viewer watched to the end"
    assert figures.plays == 8


def test_a_link_nobody_opened_says_so(render, make_link):
    link, _ = make_link()
    figures = link_analytics(link)
    assert figures.summary == "Nobody has opened this link yet."
    (video,) = figures.videos
    assert (video.viewers, video.plays, video.average, video.completion) == (0, 0, 0.0, None)
    assert video.completion_words == "Nobody has played it yet"


def test_one_person_reads_as_one_person(render, make_link):
    link, _ = make_link()
    watch(link, visitor(link, opens=2), render, 1, 1.0)
    figures = link_analytics(link)
    assert figures.summary.startswith("Opened 2 times by 1 person, last ")
    assert figures.videos[0].completion_words == "1 of 1 viewer watched to the end"


def test_other_links_do_not_count(watched_link, render, make_link):
    other, _ = make_link(label="Other client", renders=[render])
    watch(other, visitor(other, opens=9), render, 5, 1.0)
    figures = link_analytics(watched_link)
    assert figures.opens == 8 and figures.videos[0].plays == 7


def test_the_number_of_queries_does_not_grow_with_visitors(watched_link, render, other_render):
    with CaptureQueriesContext(connection) as few:
        link_analytics(watched_link)
    for n in range(20):
        person = visitor(watched_link, opens=n + 1)
        watch(watched_link, person, render, 1, n / 20)
        watch(watched_link, person, other_render, 2, 1.0)
    with CaptureQueriesContext(connection) as many:
        figures = link_analytics(watched_link)
    assert len(many) == len(few) == 3
    assert figures.visitors == 25
    with CaptureQueriesContext(connection) as given:
        link_analytics(watched_link, [render, other_render])
    assert len(given) == 2


def test_the_partial_is_an_accessible_table_without_inline_style(watched_link, render):
    html = render_to_string(
        "projects/_link_analytics.html", {"link": watched_link, "project": watched_link.project}
    )
    assert re.search(r"<caption>How each video on “For ACME” was watched</caption>", html)
    assert html.count('<th scope="col"') == 5 and html.count('<th scope="row"') == 2
    assert "Opened 8 times by 5 people" in html
    assert "2 of 4 viewers watched to the end" in html
    assert '<meter min="0" max="100"' in html and 'value="64"' in html
    assert render.title in html
    assert "style=" not in html and "<script" not in html
