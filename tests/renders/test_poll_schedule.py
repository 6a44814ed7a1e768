"""When the worker asks Kling about a render: as rarely as what it knows allows
(projects/renders/schedule.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.models import Render, RenderStatus
from projects.renders import following, submission
from projects.renders.progress import DEFAULT_SAVING_SECONDS, Speed
from projects.renders.schedule import next_poll_at
from tests.factories import portrait_asset

# Learnt: Kling takes 10 s per second of video; the voiceover is 3 s, so 30 s.
LEARNT = {
    "std": Speed(10.0, DEFAULT_SAVING_SECONDS, 20),
    "pro": Speed(20.0, DEFAULT_SAVING_SECONDS, 20),
}
UNLEARNT = {
    "std": Speed(12.0, DEFAULT_SAVING_SECONDS, 0),
    "pro": Speed(24.0, DEFAULT_SAVING_SECONDS, 0),
}


def wait_at(render, age, known, now):
    render.submitted_at = now - timedelta(seconds=age)
    return (next_poll_at(render, now, known=known) - now).total_seconds()


@pytest.fixture
def render(make_render, settings):
    settings.SITE_URL = ""
    return make_render()


def test_with_nothing_learnt_new_tasks_are_asked_about_often_old_ones_less(render):
    now = timezone.now()
    assert wait_at(render, 0, UNLEARNT, now) == 3
    assert wait_at(render, 120, UNLEARNT, now) == 10
    assert wait_at(render, 3600, UNLEARNT, now) == 60


def test_a_learnt_estimate_spaces_the_looks_until_the_task_is_due(render):
    now = timezone.now()
    # Due at 30 s: half the time left, but never under 3 s.
    assert wait_at(render, 0, LEARNT, now) == 15
    assert wait_at(render, 20, LEARNT, now) == 5
    assert wait_at(render, 29, LEARNT, now) == 3
    # Late: often at first, then a tenth of how late, at most 30 s apart.
    assert wait_at(render, 40, LEARNT, now) == 3
    assert wait_at(render, 130, LEARNT, now) == 10
    assert wait_at(render, 3000, LEARNT, now) == 30


def test_professional_quality_is_due_later(render):
    now = timezone.now()
    render.mode = "pro"
    assert wait_at(render, 0, LEARNT, now) == 30


def test_with_callbacks_polling_is_a_slow_safety_net(render, settings):
    settings.SITE_URL = "https://studio.example.com"
    now = timezone.now()
    # First look a minute after the estimate (30 s), then once a minute.
    assert wait_at(render, 0, LEARNT, now) == 90
    assert wait_at(render, 30, LEARNT, now) == 60
    assert wait_at(render, 600, LEARNT, now) == 60
    # Before anything is learnt, the first guess (12 s per second of video) stands in.
    assert wait_at(render, 0, UNLEARNT, now) == 36 + 60


def test_a_submitted_render_is_first_looked_at_by_its_schedule(
    studio_sandbox, make_render, settings
):
    settings.SITE_URL = "https://studio.example.com"
    render = make_render()
    before = timezone.now()
    assert submission.render_submit(render_id=render.pk) == "submitted"
    render.refresh_from_db()
    assert render.next_poll_at >= before + timedelta(seconds=60)


def test_one_list_read_answers_for_every_render_in_flight(
    studio_sandbox, make_render, team, settings
):
    settings.RENDER_LIST_POLL_THRESHOLD = 3
    settings.SITE_URL = ""
    studio_sandbox.configure(task_min_seconds=60, task_max_seconds=60)
    renders = [
        make_render(portrait=portrait_asset(team, colour=(i * 20, 50, 50))) for i in range(6)
    ]
    for render in renders:
        assert submission.render_submit(render_id=render.pk) == "submitted"
    later = timezone.now() + timedelta(hours=1)
    Render.objects.update(next_poll_at=later)
    due = renders[:2]
    Render.objects.filter(pk__in=[r.pk for r in due]).update(
        next_poll_at=timezone.now() - timedelta(seconds=1)
    )
    before = dict(Render.objects.values_list("pk", "polls"))
    assert following.renders_poll() == 1
    after = {r.pk: r for r in Render.objects.all()}
    for render in due:  # looked at, and given their next time
        assert timezone.now() < after[render.pk].next_poll_at < later
        assert after[render.pk].polls == before[render.pk] + 1
    for render in renders[2:]:  # found too, but nothing new: left as they were
        assert after[render.pk].next_poll_at == later
        assert after[render.pk].polls == before[render.pk]


def test_a_render_not_due_is_moved_on_when_the_list_shows_its_task_ended(
    studio_sandbox, make_render, team, settings
):
    settings.RENDER_LIST_POLL_THRESHOLD = 1
    settings.SITE_URL = ""
    studio_sandbox.configure(task_min_seconds=60, task_max_seconds=60)
    slow = make_render()
    assert submission.render_submit(render_id=slow.pk) == "submitted"
    studio_sandbox.configure(task_min_seconds=0.5, task_max_seconds=0.5)
    quick = make_render(portrait=portrait_asset(team, colour=(200, 50, 50)))
    assert submission.render_submit(render_id=quick.pk) == "submitted"
    Render.objects.filter(pk=quick.pk).update(next_poll_at=timezone.now() + timedelta(hours=1))
    Render.objects.filter(pk=slow.pk).update(next_poll_at=timezone.now())
    deadline = timezone.now() + timedelta(seconds=15)
    while timezone.now() < deadline:
        Render.objects.filter(pk=slow.pk).update(next_poll_at=timezone.now())
        following.renders_poll()
        if Render.objects.get(pk=quick.pk).status == RenderStatus.ARCHIVING:
            break
    assert Render.objects.get(pk=quick.pk).status == RenderStatus.ARCHIVING


def test_after_a_list_read_none_of_its_renders_is_looked_at_again_soon(
    studio_sandbox, make_render, team, settings
):
    settings.RENDER_LIST_POLL_THRESHOLD = 2
    settings.SITE_URL = "https://studio.example.com"  # callbacks: polls are a safety net
    studio_sandbox.configure(task_min_seconds=600, task_max_seconds=600)
    renders = [
        make_render(portrait=portrait_asset(team, colour=(i * 30, 90, 50))) for i in range(4)
    ]
    for render in renders:
        assert submission.render_submit(render_id=render.pk) == "submitted"
    now = timezone.now()
    Render.objects.filter(pk=renders[0].pk).update(next_poll_at=now - timedelta(seconds=1))
    Render.objects.exclude(pk=renders[0].pk).update(next_poll_at=now + timedelta(seconds=5))
    assert following.renders_poll() == 1
    # Due one after another, they would each cost a list read; one answered for all.
    soonest = min(Render.objects.values_list("next_poll_at", flat=True))
    assert soonest >= now + timedelta(seconds=60)
    assert following.renders_poll(now=now + timedelta(seconds=10)) == 0
