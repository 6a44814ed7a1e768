"""/health/ tells anyone only the overall status, with the same status codes;
the checks' details (queue size, sandbox or not, why a check failed) go to
operators: the HEALTH_TOKEN, or a logged-in staff user."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django_q.models import Task

from tests.production.test_health import (  # noqa: F401 (fixtures)
    finished_task,
    healthy,
    schedules,
)

# A healthy installation: a worker that finished a task, the sandbox answering.
pytestmark = pytest.mark.usefixtures("healthy")

HEALTH = "/health/"
TOKEN = "s3cret-health-token-for-operators"
DETAILS = {"database", "cache", "broker", "worker", "provider"}


@pytest.fixture(autouse=True)
def health_token(settings):
    settings.HEALTH_TOKEN = TOKEN


def test_anyone_gets_the_overall_status_alone(client):
    response = client.get(HEALTH)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    text = response.content.decode()
    assert "queued" not in text and "sandbox" not in text


def test_anyone_gets_the_same_status_codes_as_operators(client, monkeypatch):
    Task.objects.all().delete()
    finished_task(timedelta(minutes=10))
    assert (client.get(HEALTH).status_code, client.get(HEALTH).json()) == (
        200,
        {"status": "degraded"},
    )
    strict = client.get(HEALTH, {"strict": "1"})
    assert (strict.status_code, strict.json()) == (503, {"status": "degraded"})

    def refuse(self, *args, **kwargs):
        raise OperationalError("the database is gone")

    with monkeypatch.context() as patch:
        patch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)
        down = client.get(HEALTH)
    assert (down.status_code, down.json()) == (503, {"status": "down"})


@pytest.mark.parametrize(
    "how",
    [
        {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"},
        {"HTTP_AUTHORIZATION": f"bearer {TOKEN}"},
        {"QUERY_STRING": f"token={TOKEN}"},
    ],
)
def test_the_token_shows_every_check(client, how):
    response = client.get(HEALTH, **how)
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == DETAILS
    assert body["checks"]["broker"]["queued"] == 0
    assert TOKEN not in response.content.decode()


@pytest.mark.parametrize(
    "how",
    [
        {"HTTP_AUTHORIZATION": "Bearer wrong-token"},
        {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"},
        {"HTTP_AUTHORIZATION": f"Bearer {TOKEN[:-1]}"},
        {"QUERY_STRING": "token="},
        {"QUERY_STRING": "token=wrong-token"},
    ],
)
def test_a_wrong_token_shows_nothing_more(client, how):
    assert client.get(HEALTH, **how).json() == {"status": "ok"}


def test_with_no_token_set_no_token_opens_the_details(client, settings):
    settings.HEALTH_TOKEN = ""
    assert client.get(HEALTH, HTTP_AUTHORIZATION="Bearer ").json() == {"status": "ok"}
    assert client.get(HEALTH, {"token": ""}).json() == {"status": "ok"}


def test_a_load_balancer_probing_by_ip_with_the_token_gets_the_details(client, settings):
    settings.ALLOWED_HOSTS = ["studio.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(HEALTH, HTTP_HOST="10.0.0.12:8000", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert set(response.json()["checks"]) == DETAILS


def test_a_staff_user_sees_the_details_other_people_do_not(client, alice, bob):
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    client.force_login(bob)
    assert client.get(HEALTH).json() == {"status": "ok"}
    client.force_login(alice)
    response = client.get(HEALTH)
    assert response.status_code == 200
    assert set(response.json()["checks"]) == DETAILS
    # Without the slash too, as for load balancers (one redirect).
    assert set(client.get("/health", follow=True).json()["checks"]) == DETAILS
