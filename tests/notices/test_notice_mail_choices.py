"""Each person chooses e-mail per kind of notice: immediately, in a daily
digest or never. The notice in the app is made whatever they chose; the
immediate e-mails of notify.py, feedback_notify.py and a teammate's "changes
requested" follow the choice."""

import pytest
from django.core import mail

from projects.models import Membership, Notice, NoticeKind, NotificationPreference, RenderStatus
from projects.renders.notify import render_finished
from projects.sharing.feedback import client_comment
from tests.conftest import login_as
from tests.notices.conftest import choose


@pytest.mark.parametrize(
    ("choice", "mails", "waits"),
    [("immediately", 1, False), ("digest", 0, True), ("never", 0, False)],
)
def test_a_finished_video_follows_its_makers_choice(alice, video, choice, mails, waits):
    take = video("Astronaut EN")
    choose(alice, ready=choice)
    render_finished(render_id=take.pk)
    notice = Notice.objects.get(user=alice)
    assert notice.kind == NoticeKind.READY and notice.project_id == take.project_id
    assert notice.awaiting_digest is waits
    assert len(mail.outbox) == mails


def test_a_failed_video_has_a_choice_of_its_own(alice, video):
    take = video("Astronaut EN")
    take.status, take.failure_reason = RenderStatus.FAILED, "No face was found."
    take.save(update_fields=["status", "failure_reason"])
    choose(alice, ready="never", failed="immediately")
    render_finished(render_id=take.pk)
    assert Notice.objects.get(user=alice).kind == NoticeKind.FAILED
    assert mail.outbox[0].subject.startswith("“Astronaut EN” in “Spring campaign” could not")


def test_someone_who_never_chose_gets_everything_at_once(alice, video):
    render_finished(render_id=video("Astronaut EN").pk)
    assert len(mail.outbox) == 1
    assert not NotificationPreference.objects.exists()


def test_client_feedback_follows_each_persons_choice(
    alice, bob, feedback_link, anna, render, django_capture_on_commit_callbacks
):
    link, _ = feedback_link
    choose(bob, feedback="never")
    with django_capture_on_commit_callbacks(execute=True):
        client_comment(link=link, visitor=anna, render=render, body="Smile more")
    assert [m.to[0] for m in mail.outbox] == ["alice@example.org"]
    kinds = Notice.objects.filter(render=render).values_list("user__email", "kind")
    assert sorted(kinds) == [("alice@example.org", "feedback"), ("bob@example.org", "feedback")]


def review(client, render, decision, body="Smile at the end, please."):
    return client.post(
        f"/renders/{render.code}/review/", {"decision": decision, "body": body, "at": ""}
    )


def test_a_teammate_asking_for_changes_tells_the_maker(
    client, alice, bob, video, django_capture_on_commit_callbacks
):
    take = video("Astronaut EN")
    login_as(client, bob)
    with django_capture_on_commit_callbacks(execute=True):
        assert review(client, take, "changes").status_code in (200, 302)
    notice = Notice.objects.get(user=alice)
    assert notice.kind == NoticeKind.CHANGES and notice.render == take
    assert notice.message == (
        "Bob asked for changes to “Astronaut EN” in “Spring campaign”: “Smile at the end, please.”"
    )
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Bob asked for changes to “Astronaut EN” in “Spring campaign”"
    assert "Smile at the end, please." in message.body


def test_changes_requested_by_a_maker_who_chose_a_digest_wait_for_it(
    client, alice, bob, video, django_capture_on_commit_callbacks
):
    take = video("Astronaut EN")
    choose(alice, changes="digest")
    login_as(client, bob)
    with django_capture_on_commit_callbacks(execute=True):
        review(client, take, "changes")
    assert Notice.objects.get(user=alice).awaiting_digest
    assert not mail.outbox


def test_nobody_is_told_about_their_own_review_an_approval_or_after_leaving(
    client, alice, bob, video, django_capture_on_commit_callbacks
):
    own = video("Alice's own")
    login_as(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        review(client, own, "changes")
    login_as(client, bob)
    with django_capture_on_commit_callbacks(execute=True):
        review(client, video("Approved"), "approve", body="")
    left = video("Made by Bob", by=bob)
    Membership.objects.filter(user=bob).delete()
    login_as(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        review(client, left, "changes")
    assert not Notice.objects.exists()
    assert not mail.outbox


def test_the_settings_page_saves_the_choices(client, alice):
    login_as(client, alice)
    page = client.get("/notices/email/").content.decode()
    assert "E-mail me about" in page and 'value="immediately"' in page
    response = client.post(
        "/notices/email/",
        {"ready": "digest", "failed": "immediately", "changes": "never", "feedback": "digest"},
    )
    assert response.status_code == 302
    saved = NotificationPreference.objects.get(user=alice)
    assert (saved.ready, saved.failed, saved.changes, saved.feedback) == (
        "digest",
        "immediately",
        "never",
        "digest",
    )


def test_a_bad_choice_is_refused_and_changes_nothing(client, alice):
    choose(alice, ready="digest")
    login_as(client, alice)
    response = client.post(
        "/notices/email/",
        {"ready": "hourly", "failed": "never", "changes": "never", "feedback": "never"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    saved = NotificationPreference.objects.get(user=alice)
    assert (saved.ready, saved.failed) == ("digest", "immediately")


def test_the_account_pages_link_to_the_choices(client, alice):
    login_as(client, alice)
    page = client.get("/accounts/password/change/").content.decode()
    assert 'href="/notices/email/"' in page
