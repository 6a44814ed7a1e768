"""Webhooks cannot be pointed at our own network: in production only https
addresses whose host resolves to public addresses are accepted, checked when
an owner saves one (refused in plain words, nothing saved) and again when
each delivery connects (a name that later resolves inside the network is
refused before a byte leaves). Redirects are never followed."""

import time

import pytest

from projects.models import DeliveryState, Webhook
from projects.webhooks.delivery import deliver
from projects.webhooks.events import send_test
from tests.conftest import login_as
from tests.local_http import redirecting_to
from tests.webhooks.conftest import make_webhook

PRIVATE = "webhooks are only sent to addresses on the internet"
P = PRIVATE


@pytest.fixture
def owner(client, alice, team, outside, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False  # production's rule
    return login_as(client, alice)


def add(client, team, url):
    data = {"name": "Hook", "url": url, "events": ["render.done"]}
    return client.post(f"/teams/{team.code}/webhooks/", data)


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://hooks.example.com/in", "The address must start with https://"),
        ("ftp://hooks.example.com/in", "The address must start with https://"),
        (
            "https://127.0.0.1/in",
            f"127.0.0.1 is inside a private network (a loopback address): {P}",
        ),
        ("https://localhost:8000/in", "a loopback address"),
        ("https://10.1.2.3/in", "a private address"),
        ("https://192.168.0.10/in", "a private address"),
        ("https://169.254.169.254/latest/meta-data/", "a link-local address"),
        ("https://100.64.0.7/in", "an address that is not public"),
        ("https://224.0.0.1/in", "a multicast address"),
        ("https://240.0.0.1/in", "240.0.0.1 is inside a private network"),
        ("https://0.0.0.0/in", "an unspecified address"),
        ("https://[::1]/in", "a loopback address"),
        ("https://[::ffff:10.0.0.1]/in", "a private address"),
        ("https://intranet.example.com/in", "intranet.example.com is inside a private network"),
        ("https://nowhere.example.com/in", "We could not find nowhere.example.com"),
        ("https://me:pw@hooks.example.com/in", "Leave the user name and password out"),
        ("not an address", "The address must start with https://"),
    ],
)
def test_an_address_inside_a_network_is_refused_when_saved(owner, team, dns, url, words):
    dns.add("intranet.example.com", "192.168.1.20")
    dns.add("hooks.example.com", "93.184.216.34")

    response = add(owner, team, url)

    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_public_https_address_is_accepted_without_connecting(owner, team, dns, outside):
    dns.add("hooks.example.com", "93.184.216.34")
    response = add(owner, team, "https://hooks.example.com/in")
    assert response.status_code == 200
    assert Webhook.objects.get().url == "https://hooks.example.com/in"
    assert outside == []  # checked, not contacted


def test_a_name_that_later_points_inside_is_refused_at_the_connection(
    owner, team, dns, servers, enqueued
):
    receiver = servers(lambda path: (200, {}, b"ok"))
    # Public when the owner saves it, then our own machine (DNS rebinding).
    dns.add("rebind.example.com", "93.184.216.34", "127.0.0.1")
    assert add(owner, team, f"https://rebind.example.com:{receiver.port}/in").status_code == 200

    delivery = send_test(Webhook.objects.get())
    assert deliver(delivery.pk) == "retrying"

    delivery.refresh_from_db()
    assert delivery.last_error == (
        f"Not sent: rebind.example.com is inside a private network (a loopback address): {PRIVATE}."
    )
    assert delivery.response_code is None
    assert receiver.connections == 0 and receiver.received == []


def test_an_http_address_saved_for_development_is_not_sent_in_production(
    settings, team, servers, enqueued
):
    receiver = servers(lambda path: (200, {}, b"ok"))
    webhook = make_webhook(team, f"{receiver.base_url}/in")
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    delivery = send_test(webhook)
    deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.last_error == "Not sent: Webhooks are only sent over https."
    assert receiver.connections == 0


def test_a_redirect_is_a_failure_and_never_followed(team, servers, local_hosts, enqueued):
    elsewhere = servers(lambda path: (200, {}, b"ok"))
    moving = servers(redirecting_to(f"{elsewhere.base_url}/internal"))
    delivery = send_test(make_webhook(team, f"{moving.base_url}/in"))

    assert deliver(delivery.pk) == "retrying"

    delivery.refresh_from_db()
    assert (delivery.state, delivery.response_code) == (DeliveryState.PENDING, 302)
    assert delivery.last_error == (
        "It answered 302 (Found), a redirect: webhooks do not follow redirects, "
        "so give the address it points to instead."
    )
    assert len(moving.received) == 1
    assert elsewhere.connections == 0 and elsewhere.paths == []


def test_a_receiver_that_does_not_answer_in_time_fails_in_words(
    settings, team, servers, local_hosts, enqueued
):
    settings.WEBHOOK_READ_TIMEOUT = 0.3

    def late(path):
        time.sleep(1.0)
        return 200, {}, b""

    slow = servers(late)
    delivery = send_test(make_webhook(team, f"{slow.base_url}/in"))
    deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.last_error == "127.0.0.1 did not answer within 0.3 seconds."
