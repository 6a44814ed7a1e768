"""Replays of a valid Kling callback make one query per render per window,
not one each: the shared cache remembers the last one."""

import time

from django.conf import settings as default_settings

from projects.renders import submission
from tests.renders.test_callbacks import callback_path

REFRESH = "projects.tasks.refresh_render"


def in_flight(studio_sandbox, make_render):
    studio_sandbox.configure(task_min_seconds=60, task_max_seconds=60)
    render = make_render()
    assert submission.render_submit(render_id=render.pk) == "submitted"
    return render


def call_back(client, render):
    response = client.post(callback_path(render), {}, content_type="application/json")
    assert response.status_code == 204


def test_twenty_replays_make_one_refresh_and_another_after_the_window(
    client, studio_sandbox, make_render, enqueued, settings
):
    settings.RENDER_CALLBACK_COALESCE_SECONDS = 1
    render = in_flight(studio_sandbox, make_render)
    enqueued.clear()
    for _ in range(20):
        call_back(client, render)
    assert enqueued == [(REFRESH, (render.pk,))]
    # The database cache counts expiry in whole seconds.
    time.sleep(2.1)
    call_back(client, render)
    assert enqueued == [(REFRESH, (render.pk,))] * 2


def test_each_render_has_a_window_of_its_own(client, studio_sandbox, make_render, enqueued):
    first = in_flight(studio_sandbox, make_render)
    second = in_flight(studio_sandbox, make_render)
    enqueued.clear()
    for render in (first, second, first, second):
        call_back(client, render)
    assert enqueued == [(REFRESH, (first.pk,)), (REFRESH, (second.pk,))]


def test_the_window_is_a_few_seconds_by_default():
    assert default_settings.RENDER_CALLBACK_COALESCE_SECONDS == 5


def test_a_cache_that_fails_queues_nothing_the_pump_polls_anyway(
    client, studio_sandbox, make_render, enqueued, settings
):
    render = in_flight(studio_sandbox, make_render)
    enqueued.clear()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        },
    }
    call_back(client, render)
    assert enqueued == []
