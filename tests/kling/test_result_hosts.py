"""Where the client downloads result files from: the host allow-list, the
address checks, and redirects followed one checked hop at a time.

Nothing here sends a byte outside 127.0.0.0/8: names are resolved by a fake
DNS, and any connect to another address is refused before it leaves."""

import io
import ipaddress

import pytest

from projects.kling import (
    KlingDownloadRefusedError,
    KlingMalformedReplyError,
    KlingNetworkError,
    ResultHosts,
)
from projects.kling.result_hosts import DEFAULT_RESULT_HOSTS, loggable
from tests.local_http import redirecting_to

from .canned import make_client

KLING = ResultHosts(hosts=(".klingai.com", "videos.example.org"))


# --- which hosts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.klingai.com/bs2/upload-kling-api/1/image2video/v.mp4",
        "https://v15-kling.klingai.com/bs2/v.mp4?x-kcdn-pid=112372",
        "https://klingai.com/v.mp4",
        "https://CDN.KlingAI.com./v.mp4",
        "http://videos.example.org:8080/v.mp4",
    ],
)
def test_a_url_on_a_listed_host_passes_the_url_check(url):
    KLING.check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://klingai.com.evil.example/v.mp4",
        "https://evilklingai.com/v.mp4",
        "https://sub.videos.example.org/v.mp4",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/v.mp4",
        "http://127.0.0.1:8765/sandbox-cdn/v.mp4",
        "file:///etc/passwd",
        "ftp://cdn.klingai.com/v.mp4",
        "gopher://cdn.klingai.com:70/_x",
        "https:///v.mp4",
        "",
    ],
)
def test_any_other_url_is_refused_for_good(url):
    with pytest.raises(KlingDownloadRefusedError) as caught:
        KLING.check_url(url)
    assert not caught.value.retryable
    assert caught.value.user_message.startswith("We did not download the video: ")


def test_the_default_list_is_klings_cdn():
    assert DEFAULT_RESULT_HOSTS == (".klingai.com", ".kwimgs.com")
    ResultHosts().check_url("https://p1.a.kwimgs.com/bs2/upload-ylab-stunt/output.mp4")


def test_the_sandbox_is_allowed_only_at_its_own_scheme_host_and_port():
    practice = ResultHosts(hosts=(), sandbox_origin="http://127.0.0.1:8765")
    practice.check_url("http://127.0.0.1:8765/sandbox-cdn/v.mp4")
    for url in (
        "http://127.0.0.1:8766/v.mp4",
        "https://127.0.0.1:8765/v.mp4",
        "http://[::1]:8765/",
    ):
        with pytest.raises(KlingDownloadRefusedError):
            practice.check_url(url)


# --- which addresses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.0.0.1", "a private address"),
        ("192.168.1.20", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("127.0.0.1", "a loopback address"),
        ("0.0.0.0", "an unspecified address"),
        ("224.0.0.251", "a multicast address"),
        ("100.64.0.1", "an address that is not public"),
        ("::1", "a loopback address"),
        ("fe80::1", "a link-local address"),
        ("fd00::1", "a private address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("64:ff9b::a9fe:a9fe", "a link-local address"),
        ("2002:7f00:1::", "a loopback address"),
    ],
)
def test_a_listed_name_pointing_inside_a_network_is_refused(dns, address, kind):
    dns.add("cdn.klingai.com", address)
    with pytest.raises(KlingDownloadRefusedError) as caught:
        KLING.addresses("https", "cdn.klingai.com", 443)
    shown = ipaddress.ip_address(address)
    assert f"cdn.klingai.com points to {shown}, {kind}" in caught.value.user_message
    # Names can point elsewhere later: worth another try, unlike a bad host.
    assert caught.value.retryable


def test_every_address_of_a_name_is_checked_not_just_the_first(dns):
    dns.add("cdn.klingai.com", ("93.184.216.34", "10.0.0.1"))
    with pytest.raises(KlingDownloadRefusedError):
        KLING.addresses("https", "cdn.klingai.com", 443)


def test_a_listed_address_inside_a_network_is_refused_for_good():
    with pytest.raises(KlingDownloadRefusedError) as caught:
        ResultHosts(hosts=("127.0.0.1",)).addresses("http", "127.0.0.1", 80)
    assert "127.0.0.1 is a loopback address" in caught.value.user_message
    assert not caught.value.retryable


def test_public_addresses_are_allowed(dns):
    dns.add("cdn.klingai.com", ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"))
    assert len(KLING.addresses("https", "cdn.klingai.com", 443)) == 2


def test_logs_and_errors_show_no_query_string_nor_password():
    url = "https://user:secret@cdn.klingai.com/bs2/v.mp4?sign=abc#x"
    assert loggable(url) == "cdn.klingai.com/bs2/v.mp4"


# --- downloads, hop by hop ---------------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/v.mp4",
        "http://127.0.0.1:{other}/v.mp4",
        "http://[::1]:{other}/v.mp4",
        "file:///etc/passwd",
    ],
)
def test_a_redirect_to_anywhere_else_is_refused_before_connecting(servers, outside, location):
    target = servers(lambda path: (200, {}, b"secret"))
    start = servers(redirecting_to(location.format(other=target.port)))
    client = make_client(start.base_url)

    with pytest.raises(KlingDownloadRefusedError) as caught:
        client.download(start.base_url + "/v.mp4?sign=abc", io.BytesIO(), max_bytes=1000)

    assert not caught.value.retryable
    assert start.paths == ["/v.mp4?sign=abc"]
    assert target.connections == 0 and outside == []


def test_a_redirect_to_a_listed_name_pointing_inside_is_refused_before_connecting(
    servers, outside, dns
):
    target = servers(lambda path: (200, {}, b"secret"))
    dns.add("cdn.klingai.com", "127.0.0.1")
    start = servers(redirecting_to(f"http://cdn.klingai.com:{target.port}/v.mp4"))
    client = make_client(
        start.base_url,
        result_hosts=ResultHosts(hosts=(".klingai.com",), sandbox_origin=start.base_url),
    )

    with pytest.raises(KlingDownloadRefusedError, match="points to 127.0.0.1"):
        client.download(start.base_url + "/v.mp4", io.BytesIO(), max_bytes=1000)
    assert target.connections == 0 and outside == []


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_connection_goes_to_the_address_that_was_checked(servers, outside, dns, scheme):
    # DNS rebinding: a public answer for the check, then loopback. There is
    # one lookup, checked, and the socket goes to that answer: not here.
    target = servers(lambda path: (200, {}, b"secret"))
    dns.add("cdn.klingai.com", "93.184.216.34", "127.0.0.1")
    client = make_client("https://api-singapore.klingai.com", result_hosts=KLING)
    url = f"{scheme}://cdn.klingai.com:{target.port}/v.mp4"

    with pytest.raises(KlingNetworkError):
        client.download(url, io.BytesIO(), max_bytes=9)

    assert dns.asked.count("cdn.klingai.com") == 1
    assert outside == ["93.184.216.34"]  # stopped by the test, never sent
    assert target.connections == 0


def test_an_https_url_to_a_listed_name_pointing_inside_is_refused(outside, dns):
    dns.add("cdn.klingai.com", "10.0.0.1")
    client = make_client("https://api-singapore.klingai.com", result_hosts=KLING)

    with pytest.raises(KlingDownloadRefusedError, match="points to 10.0.0.1, a private address"):
        client.download("https://cdn.klingai.com/v.mp4", io.BytesIO(), max_bytes=9)
    assert outside == []


def test_a_loopback_url_is_refused_without_the_sandbox_even_if_listed(servers, outside):
    target = servers(lambda path: (200, {}, b"secret"))
    client = make_client(target.base_url, result_hosts=ResultHosts(hosts=("127.0.0.1",)))

    with pytest.raises(KlingDownloadRefusedError, match="loopback"):
        client.download(target.base_url + "/v.mp4", io.BytesIO(), max_bytes=1000)
    assert target.connections == 0


def test_redirects_within_the_allowed_origin_are_followed_five_times_at_most(servers):
    hops = servers(lambda path: (302, {"Location": f"/{int(path[1:]) + 1}"}, b""))
    client = make_client(hops.base_url)

    with pytest.raises(KlingMalformedReplyError, match="too many redirects"):
        client.download(hops.base_url + "/0", io.BytesIO(), max_bytes=1000)
    assert hops.paths == ["/0", "/1", "/2", "/3", "/4", "/5"]


def test_five_redirects_within_the_allowed_origin_still_download(servers):
    def reply(path):
        number = int(path[1:])
        return (200, {}, b"video") if number == 5 else (307, {"Location": f"/{number + 1}"}, b"")

    hops = servers(reply)
    target = io.BytesIO()
    assert make_client(hops.base_url).download(hops.base_url + "/0", target, max_bytes=10) == 5
    assert target.getvalue() == b"video"
