"""The archiver downloads finished videos only from Kling's hosts (or, in
practice mode, the sandbox), and never from inside a network.

Real HTTP on 127.0.0.1 only: the sandbox for the happy path, small local
servers for redirects; names resolve through a fake DNS, and a connect to any
address outside 127.0.0.0/8 is refused by the test before it leaves."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from projects.kling import ResultHosts, get_client
from projects.models import Notice, Render, RenderStatus
from projects.renders.archiving import render_archive
from tests.local_http import redirecting_to
from tests.renders.conftest import follow

SIGNATURE = "sign=do-not-log-me"


@pytest.fixture
def practice_mode(settings):
    """No Kling keys: the sandbox at ``base_url`` plays Kling."""

    def at(base_url):
        settings.KLING_USES_SANDBOX = True
        settings.KLING_API_BASE = base_url

    settings.KLING_RESULT_HOSTS = []
    return at


@pytest.fixture
def kling_keys(settings):
    """Kling's keys are set: no sandbox. Nothing here calls Kling's API."""
    settings.KLING_USES_SANDBOX = False
    settings.KLING_API_BASE = "https://api-singapore.klingai.com"
    settings.KLING_ACCESS_KEY = "test-access-key"
    settings.KLING_SECRET_KEY = "test-secret-key-0123456789abcdef"
    settings.KLING_RESULT_HOSTS = []
    return settings


def finished_at_kling(make_render, url):
    render = make_render()
    Render.objects.filter(pk=render.pk).update(
        status=RenderStatus.ARCHIVING,
        task_id="task-1",
        provider_video_url=url,
        provider_done_at=timezone.now() - timedelta(minutes=1),
    )
    return render


def assert_refused_for_good(render, *, reason):
    """Refused, and kept to be saved once an operator allows the address: the
    video Kling made (and charged for) is not given up."""
    render.refresh_from_db()
    assert render.status == RenderStatus.ARCHIVING
    assert render.failure_reason == ""
    assert reason in render.archive_error
    assert reason in render.attention and "Once an operator allows it" in render.attention
    assert render.archive_retry_at > timezone.now() + timedelta(minutes=55)
    assert not render.video


def test_in_practice_mode_videos_are_archived_from_the_sandbox(
    studio_sandbox, make_render, outside, django_capture_on_commit_callbacks
):
    assert get_client().result_hosts.sandbox_origin == studio_sandbox.base_url
    with django_capture_on_commit_callbacks(execute=True):
        render = follow(make_render(watermark=True))
    assert render.status == RenderStatus.DONE
    assert render.video and render.watermarked_video and render.poster
    assert outside == []


def test_with_kling_the_default_hosts_apply_until_an_operator_sets_others(kling_keys):
    assert get_client().result_hosts == ResultHosts(hosts=(".klingai.com", ".kwimgs.com"))
    kling_keys.KLING_RESULT_HOSTS = [".klingai.com", "media.example.net"]
    assert get_client().result_hosts.hosts == (".klingai.com", "media.example.net")


@pytest.mark.parametrize(
    ("location", "host"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://10.0.0.1/video.mp4", "10.0.0.1"),
        ("http://127.0.0.1:{other}/video.mp4", "127.0.0.1"),
    ],
)
def test_a_redirect_from_the_sandbox_elsewhere_fails_the_render_without_connecting(
    practice_mode,
    make_render,
    servers,
    outside,
    caplog,
    django_capture_on_commit_callbacks,
    alice,
    location,
    host,
):
    target = servers(lambda path: (200, {}, b"secret"))
    sandbox = servers(redirecting_to(location.format(other=target.port)))
    practice_mode(sandbox.base_url)
    render = finished_at_kling(make_render, f"{sandbox.base_url}/sandbox-cdn/v.mp4?{SIGNATURE}")

    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        assert render_archive(render_id=render.pk) == "refused"

    assert_refused_for_good(render, reason=f"{host} is not one of Kling's download hosts")
    assert "KLING_RESULT_HOSTS" in render.archive_error
    assert sandbox.paths == [f"/sandbox-cdn/v.mp4?{SIGNATURE}"]
    assert target.connections == 0 and outside == []
    # Nobody is told it failed, for it did not; operators find the reason in the log.
    assert not Notice.objects.filter(user=alice, render=render).exists()
    assert f"Archiving {render.code} refused" in caplog.text
    assert SIGNATURE not in caplog.text
    # Not tried again soon: the address would be refused again.
    assert render_archive(render_id=render.pk) == "not-claimed"


@pytest.mark.parametrize("address", ["10.0.0.1", "169.254.169.254", "127.0.0.1"])
def test_a_redirect_to_a_listed_name_pointing_inside_is_refused_and_retried_later(
    practice_mode, settings, make_render, servers, outside, dns, address
):
    target = servers(lambda path: (200, {}, b"secret"))
    dns.add("cdn.klingai.com", address)
    sandbox = servers(redirecting_to(f"http://cdn.klingai.com:{target.port}/video.mp4"))
    practice_mode(sandbox.base_url)
    settings.KLING_RESULT_HOSTS = [".klingai.com"]
    render = finished_at_kling(make_render, f"{sandbox.base_url}/sandbox-cdn/v.mp4")

    assert render_archive(render_id=render.pk) == "retry"

    render.refresh_from_db()
    assert render.status == RenderStatus.ARCHIVING
    assert f"cdn.klingai.com points to {address}" in render.archive_error
    # A name may point elsewhere later: the usual wait, then another try.
    assert render.archive_retry_at > timezone.now()
    assert target.connections == 0 and outside == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            f"https://videos.evil.example/v.mp4?{SIGNATURE}",
            "videos.evil.example is not one of Kling's download hosts",
        ),
        ("file:///etc/passwd", "not an http(s) address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is not one of Kling's"),
    ],
)
def test_with_kling_a_url_off_the_list_is_refused_before_any_lookup(
    kling_keys, make_render, outside, dns, caplog, url, reason
):
    render = finished_at_kling(make_render, url)

    with caplog.at_level(logging.INFO):
        assert render_archive(render_id=render.pk) == "refused"

    assert_refused_for_good(render, reason=reason)
    assert dns.asked == [] and outside == []
    assert SIGNATURE not in caplog.text


def test_with_kling_a_loopback_url_is_refused_even_if_listed(
    kling_keys, make_render, servers, outside
):
    target = servers(lambda path: (200, {}, b"secret"))
    kling_keys.KLING_RESULT_HOSTS = ["127.0.0.1"]
    render = finished_at_kling(make_render, f"{target.base_url}/sandbox-cdn/v.mp4")

    assert render_archive(render_id=render.pk) == "refused"

    assert_refused_for_good(render, reason="127.0.0.1 is a loopback address")
    assert target.connections == 0 and outside == []


def test_with_kling_a_listed_name_pointing_to_loopback_is_not_fetched(
    kling_keys, make_render, servers, outside, dns
):
    target = servers(lambda path: (200, {}, b"secret"))
    dns.add("cdn.klingai.com", "127.0.0.1")
    render = finished_at_kling(make_render, f"http://cdn.klingai.com:{target.port}/v.mp4")

    assert render_archive(render_id=render.pk) == "retry"

    render.refresh_from_db()
    assert render.status == RenderStatus.ARCHIVING
    assert "points to 127.0.0.1, a loopback address" in render.archive_error
    assert target.connections == 0 and outside == []
