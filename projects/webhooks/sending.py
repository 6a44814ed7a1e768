"""One POST to one webhook, and what came of it in words an owner can act on.

The request goes through ``guarded_session`` (``projects/kling/result_hosts.py``)
with ``WebhookHosts`` as its policy: the host is resolved once per connection
and the socket connected only to an address just checked, nothing is read
from the environment (no proxy), no redirect is followed (a 3xx is a
failure, said so), and the timeouts are short. Only the host of a webhook's
URL is ever logged or reported: a Slack or Teams address is itself a secret,
and the signing secret never leaves this module but in the signature.
"""

import json
import logging
import time
from dataclasses import dataclass
from http import HTTPStatus

import requests
from django.conf import settings

from projects.kling.result_hosts import guarded_session
from projects.models import Webhook, WebhookDelivery

from .addresses import WebhookHosts, WebhookRefused, host_of
from .shapes import body_for, kind_of
from .signing import signed_headers

log = logging.getLogger(__name__)

USER_AGENT = "AvatarStudio-Webhooks/1.0"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    response_code: int | None = None
    error: str = ""


def webhook_hosts() -> WebhookHosts:
    return WebhookHosts(allow_private=settings.WEBHOOK_ALLOW_PRIVATE_HOSTS)


def body_bytes(webhook: Webhook, payload: dict) -> bytes:
    shaped = body_for(kind_of(webhook.url), payload)
    return json.dumps(shaped, ensure_ascii=False, separators=(",", ":")).encode()


def send(delivery: WebhookDelivery) -> Outcome:
    webhook = delivery.webhook
    host = host_of(webhook.url)
    body = body_bytes(webhook, delivery.payload)
    headers = signed_headers(
        secret=webhook.secret,
        event=delivery.event,
        delivery=str(delivery.code),
        timestamp=int(time.time()),
        body=body,
    )
    timeouts = (settings.WEBHOOK_CONNECT_TIMEOUT, settings.WEBHOOK_READ_TIMEOUT)
    session = guarded_session(webhook_hosts(), USER_AGENT)
    try:
        with session.post(
            webhook.url, data=body, headers=headers, timeout=timeouts, stream=True
        ) as response:
            code = response.status_code
    except WebhookRefused as refusal:
        return Outcome(False, None, f"Not sent: {refusal}")
    except requests.RequestException as exc:
        log.info("Webhook %s to %s: %s", delivery.pk, host, type(exc).__name__)
        return Outcome(False, None, _network_words(exc, host, timeouts))
    finally:
        session.close()
    log.info("Webhook %s to %s: %s", delivery.pk, host, code)
    if 200 <= code < 300:
        return Outcome(True, code)
    return Outcome(False, code, _status_words(code))


def _status_words(code: int) -> str:
    try:
        phrase = f" ({HTTPStatus(code).phrase})"
    except ValueError:
        phrase = ""
    if 300 <= code < 400:
        return (
            f"It answered {code}{phrase}, a redirect: webhooks do not follow redirects, "
            "so give the address it points to instead."
        )
    return f"It answered {code}{phrase} instead of a 2xx success."


def _network_words(exc: requests.RequestException, host: str, timeouts) -> str:
    connect, read = timeouts
    if isinstance(exc, requests.ConnectTimeout):
        return f"{host} did not accept a connection within {connect:g} seconds."
    if isinstance(exc, requests.ReadTimeout):
        return f"{host} did not answer within {read:g} seconds."
    if isinstance(exc, requests.exceptions.SSLError):
        return f"{host}'s secure connection could not be checked (its certificate)."
    if isinstance(exc, requests.ConnectionError):
        if "NameResolution" in repr(exc) or "Name or service" in str(exc):
            return f"We could not find {host}: its name does not resolve."
        return f"Could not connect to {host}."
    return f"Sending to {host} failed: the connection broke off."
