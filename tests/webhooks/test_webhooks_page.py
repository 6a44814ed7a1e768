"""The team's webhooks page, for owners: adding one shows its secret once,
the list shows a webhook by its host only, the delivery log shows each
attempt's outcome, and the buttons test, redeliver, turn off and delete."""

from projects.models import DeliveryState, Webhook, WebhookDelivery
from projects.teams.roles import Role
from tests.conftest import login_as, set_role
from tests.webhooks.conftest import body_of, deliver_all, make_webhook


def page(team):
    return f"/teams/{team.code}/webhooks/"


def test_the_secret_is_shown_once_and_the_address_by_its_host(
    client, alice, team, receiver, enqueued
):
    login_as(client, alice)
    url = f"{receiver.base_url}/services/T0/B0/secret-part"
    data = {"name": "Video news", "url": url, "events": ["render.done", "budget.reached"]}

    created = client.post(page(team), data)

    webhook = Webhook.objects.get()
    assert (webhook.name, webhook.url, webhook.events) == (
        "Video news",
        url,
        ["render.done", "budget.reached"],
    )
    assert webhook.secret.startswith("whsec_") and len(webhook.secret) > 40
    assert created.status_code == 200
    assert webhook.secret in created.content.decode()
    assert created["Cache-Control"] == "no-store"

    for address in [page(team), f"{page(team)}{webhook.code}/", f"/teams/{team.code}/members/"]:
        html = client.get(address).content.decode()
        assert webhook.secret not in html and "secret-part" not in html
    listing = client.get(page(team)).content.decode()
    assert "Video news" in listing and "127.0.0.1" in listing
    assert "A video is ready" in listing and "Last delivery: none yet" in listing


def test_a_form_with_mistakes_says_so_and_saves_nothing(client, alice, team, local_hosts):
    login_as(client, alice)
    response = client.post(page(team), {"name": "X", "url": "http://127.0.0.1/in"})
    assert response.status_code == 400
    assert "Pick at least one event to send." in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_test_event_and_a_redelivery_show_in_the_log(client, alice, team, receiver, enqueued):
    login_as(client, alice)
    webhook = make_webhook(team, f"{receiver.base_url}/in")
    detail = f"{page(team)}{webhook.code}/"

    assert client.post(f"{detail}test/")["Location"] == detail
    deliver_all()
    log = client.get(detail).content.decode()
    assert "Test event" in log and "Delivered" in log and ">200<" in log

    first = WebhookDelivery.objects.get()
    client.post(f"{detail}deliveries/{first.code}/redeliver/")
    deliver_all()
    again = WebhookDelivery.objects.exclude(pk=first.pk).get()
    assert again.state == DeliveryState.DELIVERED
    # The same event: the receiver can tell it is a repeat by its id.
    ids = [body_of(received)["id"] for received in receiver.received]
    assert ids[0] == ids[1] == first.payload["id"]
    assert [r.headers["x-avatarstudio-delivery"] for r in receiver.received] == [
        str(first.code),
        str(again.code),
    ]


def test_turning_off_stops_sending_and_deleting_removes_it(client, alice, team, receiver):
    login_as(client, alice)
    webhook = make_webhook(team, f"{receiver.base_url}/in")
    detail = f"{page(team)}{webhook.code}/"

    client.post(f"{detail}enabled/", {"enabled": "off"})
    webhook.refresh_from_db()
    assert not webhook.enabled and webhook.disabled_reason == "Turned off by an owner."
    refused = client.post(f"{detail}test/", follow=True).content.decode()
    assert "This webhook is off: turn it on first" in refused
    assert not WebhookDelivery.objects.exists()

    client.post(f"{detail}delete/")
    assert not Webhook.objects.exists()
    assert client.get(detail).status_code == 404


def test_only_owners_manage_webhooks(client, alice, bob, charlie, team, local_hosts):
    webhook = make_webhook(team, "http://127.0.0.1:9/in")
    detail = f"{page(team)}{webhook.code}/"
    login_as(client, bob)
    assert client.get(page(team)).status_code == 403
    assert client.post(f"{detail}delete/").status_code == 403
    set_role(bob, team, Role.VIEWER)
    assert client.get(detail).status_code == 403
    login_as(client, charlie)
    assert client.get(page(team)).status_code == 404
    assert client.post(f"{detail}delete/").status_code == 404
    # Another team's webhook is not found through one's own team either.
    other = charlie.memberships.get().team
    assert client.get(f"{page(other)}{webhook.code}/").status_code == 404
    assert Webhook.objects.filter(pk=webhook.pk).exists()
