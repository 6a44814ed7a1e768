"""/health/ for load balancers and monitors: no login, JSON, 503 when unhealthy."""

import os
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_q.models import Schedule, Task

from projects.health.checks import PROVIDER_CACHE_KEY
from projects.models import ProviderPause
from projects.renders.queue import enqueue_pump
from tests.pipeline.conftest import wait_for

HEALTH = "/health/"
# The checks' details are for operators holding the token (see
# test_health_details_are_for_operators.py for everyone else).
TOKEN = "operators-health-token"
AS_OPERATOR = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture(autouse=True)
def health_token(settings):
    settings.HEALTH_TOKEN = TOKEN


@pytest.fixture
def schedules(db):
    call_command("setup_schedules", stdout=open(os.devnull, "w"))  # noqa: SIM115


def finished_task(ago):
    stopped = timezone.now() - ago
    return Task.objects.create(
        id=f"task-{ago.total_seconds():.0f}",
        name="render-pump",
        func="projects.tasks.pump",
        started=stopped - timedelta(seconds=1),
        stopped=stopped,
        success=True,
    )


@pytest.fixture
def healthy(schedules, studio_sandbox):
    """A worker that finished a task a moment ago, and the sandbox answering."""
    finished_task(timedelta(seconds=20))
    return studio_sandbox


def get(client, **params):
    response = client.get(HEALTH, params, **AS_OPERATOR)
    assert response["Content-Type"] == "application/json"
    return response, response.json()


def test_a_healthy_installation_answers_200_with_every_check(client, healthy):
    response, body = get(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "worker", "provider"}
    assert all(check["ok"] for check in body["checks"].values()), body
    assert body["checks"]["worker"]["last_task_seconds_ago"] >= 20
    assert "no-store" in response["Cache-Control"]


def test_it_needs_no_login_and_takes_no_post(client, healthy):
    assert client.get(HEALTH).status_code == 200
    assert client.post(HEALTH).status_code == 405


def test_a_load_balancer_probing_by_ip_over_http_gets_an_answer(client, healthy, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["studio.example.com"]
    response = client.get(HEALTH, HTTP_HOST="10.0.0.12:8000")
    assert response.status_code == 200
    assert client.get("/health", HTTP_HOST="10.0.0.12:8000").status_code == 200
    # Every other page still refuses that host and redirects to https.
    assert client.get("/accounts/login/", HTTP_HOST="10.0.0.12:8000").status_code == 400
    assert client.get("/accounts/login/", HTTP_HOST="studio.example.com").status_code == 301


def test_a_database_that_does_not_answer_makes_it_503_without_telling_why(
    client, healthy, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise OperationalError('connection to "db.internal" failed for user "studio"')

    with monkeypatch.context() as patch:
        patch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)
        response, body = get(client)
    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["checks"]["database"] == {"ok": False, "detail": "The database does not answer."}
    assert "db.internal" not in response.content.decode()


def test_a_missing_cache_table_makes_it_503(client, healthy, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        },
    }
    response, body = get(client)
    assert response.status_code == 503
    assert body["checks"]["cache"]["ok"] is False
    assert "createcachetable" in body["checks"]["cache"]["detail"]
    # The other checks still ran in their own savepoints.
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is True


def test_the_orm_broker_is_checked_with_a_query(client, healthy, settings):
    settings.Q_CLUSTER = {k: v for k, v in settings.Q_CLUSTER.items() if k != "redis"}
    settings.Q_CLUSTER["orm"] = "default"
    _, body = get(client)
    assert body["checks"]["broker"] == {"ok": True, "kind": "orm", "queued": 0}


def test_a_redis_that_does_not_answer_makes_it_503(client, healthy, settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "redis": "redis://127.0.0.1:1/0"}
    response, body = get(client)
    assert response.status_code == 503
    assert body["checks"]["broker"] == {
        "ok": False,
        "kind": "redis",
        "detail": "Redis does not answer.",
    }


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real Redis)")
def test_a_real_redis_answers_ping(client, healthy, settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "redis": os.environ["REDIS_URL"]}
    _, body = get(client)
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["broker"]["kind"] == "redis"
    assert isinstance(body["checks"]["broker"]["queued"], int)


def test_a_silent_worker_degrades_the_report_but_keeps_the_site_in(client, healthy):
    Task.objects.all().delete()
    finished_task(timedelta(minutes=10))
    response, body = get(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    worker = body["checks"]["worker"]
    assert worker["ok"] is False
    assert "qcluster" in worker["detail"]
    assert worker["last_task_seconds_ago"] >= 600


def test_strict_mode_turns_any_failed_check_into_503(client, healthy):
    assert client.get(HEALTH, {"strict": "1"}).status_code == 200
    Task.objects.all().delete()
    response, body = get(client, strict="1")
    assert response.status_code == 503
    assert body["status"] == "degraded"


def test_a_missing_render_pump_schedule_is_reported(client, healthy):
    Schedule.objects.all().delete()
    _, body = get(client)
    assert body["checks"]["worker"]["ok"] is False
    assert "setup_schedules" in body["checks"]["worker"]["detail"]


def test_kling_is_asked_once_a_minute_at_most(client, healthy):
    _, first = get(client)
    assert first["checks"]["provider"]["ok"] is True
    # Kling now fails; the report keeps the answer it had for a minute...
    healthy.configure(error_share=1.0, fault_endpoints=["list"])
    _, second = get(client)
    assert second["checks"]["provider"]["ok"] is True
    # ...then asks again.
    cache.delete(PROVIDER_CACHE_KEY)
    _, third = get(client)
    assert third["checks"]["provider"]["ok"] is False
    assert "provider_down" in third["checks"]["provider"]["detail"]


def test_kling_out_of_reach_degrades_the_report(client, schedules, settings):
    finished_task(timedelta(seconds=5))
    settings.KLING_API_BASE = "http://127.0.0.1:1"
    response, body = get(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["provider"]["ok"] is False
    assert "network" in body["checks"]["provider"]["detail"]


def test_paused_submissions_show_as_a_provider_problem(client, healthy):
    ProviderPause.objects.create(
        id=1, category="billing", message="Top up.", last_checked_at=timezone.now()
    )
    _, body = get(client)
    assert body["checks"]["provider"]["ok"] is False
    assert "billing" in body["checks"]["provider"]["detail"]


def test_the_report_never_contains_keys(client, healthy, settings):
    healthy.configure(error_share=1.0, error_codes=[1000], fault_endpoints=["list"])
    text = client.get(HEALTH, **AS_OPERATOR).content.decode()
    for secret in (settings.KLING_ACCESS_KEY, settings.KLING_SECRET_KEY, settings.SECRET_KEY):
        assert secret not in text
    assert "configuration" in text


@pytest.mark.worker
def test_a_running_qcluster_shows_as_a_live_worker(client, qcluster, settings):
    Task.objects.all().delete()
    # A cluster another test just killed reports for up to 3 more seconds.
    wait_for(
        lambda: get(client)[1]["checks"]["worker"]["ok"] is False,
        timeout=15,
        message="no live worker before the test",
    )
    cluster = qcluster()
    # Something to do now, rather than at the schedule's next turn (~30 s).
    enqueue_pump()
    try:
        wait_for(
            lambda: get(client)[1]["checks"]["worker"]["ok"],
            timeout=60,
            message="the health check to see the worker",
        )
    except AssertionError:
        cluster.kill()
        raise AssertionError(cluster.output())
    worker = get(client)[1]["checks"]["worker"]
    if "redis" in settings.Q_CLUSTER:
        assert worker["clusters"] >= 1
    else:
        assert worker["last_task_seconds_ago"] < 60
