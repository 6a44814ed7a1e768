"""The daily digest: one e-mail per person listing the notices they chose to
get that way, each notice once, none lost, and no e-mail when nothing waits."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from projects import tasks
from projects.models import Notice, NoticeKind, NotificationPreference
from projects.notices.digest import send_digests
from projects.notices.telling import tell
from projects.renders.notify import render_finished
from tests.notices.conftest import choose


def finished(*renders):
    for take in renders:
        render_finished(render_id=take.pk)


def test_a_digest_lists_the_waiting_notices_once(settings, alice, bob, video):
    settings.SITE_URL = "https://studio.example"
    choose(alice, ready="digest")
    a, b = video("Astronaut EN"), video("Chef teaser")
    finished(a, b)
    assert not mail.outbox  # nothing at once
    assert send_digests() == 1
    [digest] = mail.outbox
    assert digest.to == ["alice@example.org"]
    assert digest.subject == "Your Avatar Studio digest: 2 notices"
    assert "Spring campaign:" in digest.body
    assert "- “Astronaut EN” in “Spring campaign” is ready." in digest.body
    assert "- “Chef teaser” in “Spring campaign” is ready." in digest.body
    assert f"https://studio.example{a.get_absolute_url()}" in digest.body
    assert NotificationPreference.objects.get(user=alice).last_digest_at is not None

    # Nothing twice: a second run (a retried schedule, a person running the
    # command by hand) sends nothing.
    assert send_digests() == 0
    call_command("send_digests", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_nothing_is_lost_between_two_digests(alice, video):
    choose(alice, ready="digest")
    finished(video("First"))
    send_digests()
    finished(video("Second"))
    send_digests()
    first, second = mail.outbox
    assert "First" in first.body and "Second" not in first.body
    assert "Second" in second.body and "First" not in second.body
    assert "Since your last digest" in second.body


def test_only_the_kinds_chosen_for_the_digest_wait_for_it(alice, bob, video, notice):
    choose(alice, ready="digest", failed="immediately")
    take = video("Astronaut EN")
    tell(alice, render=take, kind=NoticeKind.FAILED, message="Failed", subject="Failed", body="x")
    finished(take)
    assert [m.subject for m in mail.outbox] == ["Failed"]
    notice(alice, take, NoticeKind.OTHER, "Not for e-mail")
    send_digests()
    digest = mail.outbox[-1]
    assert "is ready." in digest.body
    assert "Failed" not in digest.body and "Not for e-mail" not in digest.body


def test_an_empty_digest_is_not_sent(alice, bob, video):
    choose(alice, ready="digest")
    choose(bob, ready="digest")
    assert send_digests() == 0
    assert not mail.outbox
    assert NotificationPreference.objects.get(user=alice).last_digest_at is None


def test_a_digest_that_does_not_go_is_sent_next_time(settings, alice, video):
    choose(alice, ready="digest")
    finished(video("Astronaut EN"))
    settings.EMAIL_BACKEND = "tests.sharing.conftest.BrokenMailBackend"
    assert send_digests() == 0
    assert Notice.objects.get(user=alice).awaiting_digest
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digests() == 1
    assert "Astronaut EN" in mail.outbox[0].body


def test_a_kind_turned_off_meanwhile_is_dropped_not_sent(alice, video):
    choose(alice, ready="digest")
    finished(video("Astronaut EN"))
    choose(alice, ready="never")
    assert send_digests() == 0
    assert not mail.outbox
    assert not Notice.objects.filter(awaiting_digest=True).exists()


def test_each_person_gets_their_own(alice, bob, video):
    choose(alice, ready="digest")
    choose(bob, ready="digest")
    finished(video("Alice's"), video("Bob's", by=bob))
    assert send_digests() == 2
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert "Alice's" in by_person["alice@example.org"]
    assert "Bob's" not in by_person["alice@example.org"]
    assert "Bob's" in by_person["bob@example.org"]


def test_the_schedule_runs_daily_at_the_digest_hour_and_keeps_its_clock(settings, db):
    settings.NOTICE_DIGEST_HOUR = 7
    call_command("setup_schedules", stdout=io.StringIO())
    schedule = Schedule.objects.get(name="notice-digest")
    assert schedule.func == "projects.tasks.send_digests"
    assert tasks.send_digests() == 0  # the path the schedule names runs
    assert schedule.schedule_type == Schedule.DAILY
    first = timezone.localtime(schedule.next_run)
    assert (first.hour, first.minute) == (7, 0)
    assert timezone.now() < schedule.next_run <= timezone.now() + timedelta(days=1)
    # A redeploy does not move it.
    Schedule.objects.filter(pk=schedule.pk).update(next_run=schedule.next_run + timedelta(hours=3))
    call_command("setup_schedules", stdout=io.StringIO())
    assert Schedule.objects.get(pk=schedule.pk).next_run == schedule.next_run + timedelta(hours=3)
