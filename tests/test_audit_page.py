"""The owners' audit page and its CSV: filters, who may see them, a CSV that
is streamed and safe in a spreadsheet, no secret in any entry, and an entry
that goes when its change goes."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import timezone

from projects.audit.log import OPERATOR, audit
from projects.models import AuditEntry, AuditKind, Budget, Webhook
from projects.sharing.passwords import sharelink_set_password
from projects.sharing.services import sharelink_create
from projects.teams.roles import Role
from projects.usage.budgets import set_budget
from tests.conftest import login_as, set_role


def page_url(team, query=""):
    return f"/teams/{team.code}/audit/{query}"


def csv_url(team, query=""):
    return f"/teams/{team.code}/audit.csv{query}"


def write(team, kind=AuditKind.TEAM_CHANGED, **fields):
    with transaction.atomic():
        return audit(team, kind, **fields)


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.fixture
def owner(client, alice, team):
    return login_as(client, alice, team)


def test_the_page_lists_entries_newest_first_with_who_what_and_when(owner, team, alice, project):
    write(team, AuditKind.PROJECT_CHANGED, user=alice, project=project, summary="Archived")
    write(team, AuditKind.BUDGET_CHANGED, actor_name=OPERATOR, summary="Monthly budget: 5 → 8")
    html = owner.get(page_url(team)).content.decode()
    assert html.index("Monthly budget: 5 → 8") < html.index("Archived")
    assert OPERATOR in html and alice.email in html
    assert "Budget changed" in html and "UTC" in html and "data-ago" in html


def test_filters_by_person_project_kind_group_and_dates(owner, team, alice, bob, project):
    other = team.projects.create(name="Other", created_by=alice)
    write(team, AuditKind.RENDER_CREATED, user=alice, project=project, summary="alice-video")
    write(team, AuditKind.RENDER_CANCELED, user=bob, project=other, summary="bob-cancel")
    write(team, AuditKind.CLIENT_FEEDBACK, actor_name="Ana (client via link “X”)", summary="ana")
    write(team, AuditKind.LINK_CREATED, user=alice, summary="old-link")
    AuditEntry.objects.create(
        team=team,
        actor_name="x",
        kind=AuditKind.LINK_REVOKED,
        summary="last-year",
        created=timezone.now() - timedelta(days=400),
    )
    bob_code = team.memberships.get(user=bob).code

    def shown(query):
        html = owner.get(page_url(team, query)).content.decode()
        tags = ["alice-video", "bob-cancel", "ana", "old-link", "last-year"]
        return {tag for tag in tags if f">{tag}<" in html}

    assert shown(f"?person={bob_code}") == {"bob-cancel"}
    assert shown("?person=Ana+(client+via+link+“X”)") == {"ana"}
    assert shown(f"?project={other.code}") == {"bob-cancel"}
    assert shown("?kind=render.created") == {"alice-video"}
    assert shown("?kind=videos") == {"alice-video", "bob-cancel"}
    since = (timezone.now() - timedelta(days=30)).date()
    assert "last-year" not in shown(f"?since={since}")
    assert shown(f"?until={since}") == {"last-year"}
    # Nonsense is ignored, never an error.
    assert owner.get(page_url(team, "?kind=nope&since=x&person=%00")).status_code == 200


def test_an_empty_trail_and_an_empty_filter_say_so_in_words(owner, team, project):
    html = owner.get(page_url(team, f"?project={project.code}")).content.decode()
    assert "Nothing matches these filters" in html


def test_targets_link_back_while_they_exist(owner, team, alice, project):
    link, _ = sharelink_create(project=project, created_by=alice, label="For ACME")
    html = owner.get(page_url(team)).content.decode()
    assert f'href="/shares/{link.code}/"' in html
    gone = write(team, AuditKind.LINK_CHANGED, target="“Gone” (share link)")
    assert gone.target_code == ""
    assert "“Gone” (share link)</td>" in owner.get(page_url(team)).content.decode()


@pytest.mark.parametrize("url", [page_url, csv_url])
def test_only_owners_see_it(client, team, bob, charlie, url):
    login_as(client, bob, team)
    response = client.get(url(team))
    assert response.status_code == 403 and b"owner" in response.content
    login_as(client, charlie)
    assert client.get(url(team)).status_code == 404


def test_the_csv_is_streamed_filtered_and_safe_in_a_spreadsheet(owner, team, alice):
    write(team, AuditKind.COMMENT_ADDED, actor_name='=HYPERLINK("http://x")', summary="+1 -2")
    write(team, AuditKind.COMMENT_ADDED, actor_name="@SUM(A1)", summary="Zoë’s “note”")
    write(team, AuditKind.BUDGET_CHANGED, user=alice, summary="not this kind")
    response = owner.get(csv_url(team, "?kind=comment.added"))
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert f"audit-alices-team-{timezone.now():%Y-%m-%d}.csv" in disposition
    rows = read_csv(response)
    assert rows[0] == ["When (UTC)", "Who", "What", "Project", "Target", "Summary"]
    assert [row[1] for row in rows[1:]] == ["'@SUM(A1)", '\'=HYPERLINK("http://x")']
    assert [row[5] for row in rows[1:]] == ["Zoë’s “note”", "'+1 -2"]


def test_the_page_and_the_csv_take_the_same_queries_for_many_entries(
    owner, team, alice, project, django_assert_max_num_queries
):
    for n in range(60):
        link, _ = sharelink_create(project=project, created_by=alice, label=f"L{n}")
    with django_assert_max_num_queries(16):
        assert owner.get(page_url(team)).status_code == 200
    with django_assert_max_num_queries(10):
        assert len(read_csv(owner.get(csv_url(team)))) > 60


def test_no_secret_reaches_an_entry(owner, team, alice, project, dns):
    dns.add("hooks.example.org", "93.184.216.34")
    owner.post(
        f"/teams/{team.code}/webhooks/",
        {"name": "CRM", "url": "https://hooks.example.org/T0/S3CR3TPATH", "events": "render.done"},
    )
    webhook = Webhook.objects.get()
    link, token = sharelink_create(project=project, created_by=alice, label="ACME")
    sharelink_set_password(link=link, password="blue-horse-42", by=alice)
    owner.post(f"/teams/{team.code}/invites/new/", {"role": "viewer", "email": "", "days": "7"})
    everything = " ".join(
        f"{e.actor_name} {e.target} {e.target_code} {e.summary}"
        for e in AuditEntry.objects.filter(team=team)
    )
    assert "hooks.example.org" in everything and "Password set" in everything
    for secret in [webhook.secret, "S3CR3TPATH", token, link.secret, "blue-horse-42"]:
        assert secret not in everything
    csv_text = b"".join(owner.get(csv_url(team)).streaming_content).decode()
    assert webhook.secret not in csv_text and token not in csv_text


def test_a_change_that_fails_takes_its_entry_with_it(team, alice, monkeypatch):
    """An error after the entry, inside the change's transaction: neither
    the budget nor its entry is saved."""

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Budget.objects, "update_or_create", broken)
    with pytest.raises(RuntimeError):
        set_budget(team=team, project=None, units=800, by=alice)
    assert not Budget.objects.exists()
    assert not AuditEntry.objects.filter(kind=AuditKind.BUDGET_CHANGED).exists()


def test_a_budget_entry_says_before_and_after(team, alice):
    set_budget(team=team, project=None, units=500, by=alice)
    set_budget(team=team, project=None, units=800, by=alice)
    set_budget(team=team, project=None, units=800, by=alice)  # no change, no entry
    summaries = AuditEntry.objects.filter(kind=AuditKind.BUDGET_CHANGED).values_list(
        "summary", flat=True
    )
    assert list(summaries) == [
        "Monthly budget: 500 units → 800 units",
        "Monthly budget: none → 500 units",
    ]


def test_a_role_change_says_before_and_after(client, alice, bob, team):
    set_role(bob, team, Role.VIEWER)
    login_as(client, alice, team)
    member = team.memberships.get(user=bob)
    client.post(f"/teams/{team.code}/members/{member.code}/role/", {"role": "editor"})
    entry = AuditEntry.objects.get(kind=AuditKind.MEMBER_ROLE_CHANGED)
    assert entry.summary == "Role: Viewer → Editor" and entry.actor == alice
    assert bob.email in entry.target


def test_the_team_page_links_owners_to_the_trail(owner, team):
    assert page_url(team) in owner.get(f"/teams/{team.code}/members/").content.decode()
