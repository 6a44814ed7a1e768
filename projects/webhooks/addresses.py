"""Where a webhook may send: ``WebhookHosts``.

A webhook's URL is typed by a team's owner and fetched from inside our
network, so it must not reach a metadata service, an admin page or anything
else on our side. In production a URL is accepted only when

* its scheme is https, with no user name or password in it;
* every address its host resolves to is public: not private, loopback,
  link-local, shared (CGNAT, 100.64/10), multicast, reserved or unspecified
  (``not_public`` in ``projects/kling/result_hosts.py``, shared with Kling's
  downloads).

It is checked when the owner saves the webhook (``check_url``: a refusal in
plain words) and again at every connection (``addresses``, through
``guarded_session``: the name is resolved once, every answer checked, and the
socket connected to one of the addresses just checked), so a name that
answers with a public address at the check and a private one later (DNS
rebinding) is refused before a byte is sent.

``WEBHOOK_ALLOW_PRIVATE_HOSTS`` (on with ``DEBUG``) lets development and
tests send to http:// and local addresses.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from projects.kling.result_hosts import bare_host, not_public

SCHEMES = {"https": 443}
DEV_SCHEMES = {"http": 80, "https": 443}
MAX_URL_CHARS = 2000


class WebhookRefused(Exception):
    """A URL or an address a webhook does not send to; its text says why, in
    words an owner can act on (never a secret: only the host is named)."""


@dataclass(frozen=True)
class WebhookHosts:
    allow_private: bool = False

    def check_url(self, url: str) -> None:
        """Refuse a URL that cannot be sent to, resolving its host now."""
        scheme, host, port = self.parts(url)
        try:
            self.addresses(scheme, host, port)
        except socket.gaierror:
            raise WebhookRefused(
                f"We could not find {host}: check the address (it may have a typo)."
            ) from None

    def parts(self, url: str) -> tuple[str, str, int]:
        """The scheme, host and port of an acceptable URL, nothing resolved."""
        url = (url or "").strip()
        if len(url) > MAX_URL_CHARS:
            raise WebhookRefused(f"This address is too long (at most {MAX_URL_CHARS} characters).")
        try:
            split = urlsplit(url)
            port = split.port
        except ValueError:
            raise WebhookRefused("This is not a web address we can read.") from None
        schemes = DEV_SCHEMES if self.allow_private else SCHEMES
        scheme = split.scheme.lower()
        if scheme not in schemes or not split.hostname:
            raise WebhookRefused(
                "The address must start with https:// (webhooks are only sent over a "
                "secure connection)."
                if not self.allow_private
                else "The address must start with https:// or http://."
            )
        if split.username is not None or split.password is not None:
            raise WebhookRefused(
                "Leave the user name and password out of the address: "
                "the receiver checks the signature instead."
            )
        return scheme, bare_host(split.hostname), port or schemes[scheme]

    def addresses(self, scheme: str, host: str, port: int) -> list[tuple]:
        """``getaddrinfo``'s answers for ``host``, once each one is checked.
        Called by ``guarded_session`` for every connection."""
        host = bare_host(host)
        schemes = DEV_SCHEMES if self.allow_private else SCHEMES
        if scheme not in schemes:
            raise WebhookRefused("Webhooks are only sent over https.")
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        if self.allow_private:
            return answers
        for *_, sockaddr in answers:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            kind = not_public(address)
            if kind:
                raise WebhookRefused(
                    f"{host} is inside a private network ({kind}): webhooks are only "
                    "sent to addresses on the internet."
                )
        return answers


def host_of(url: str) -> str:
    """The host a page or a log line may show: no path (Slack's is a secret),
    no query, no credentials."""
    try:
        return bare_host(urlsplit(url or "").hostname or "")
    except ValueError:
        return ""
