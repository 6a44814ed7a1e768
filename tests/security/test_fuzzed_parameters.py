"""Whatever a visitor puts in the query string or a form, no page answers with
a server error: bad input gets a message, a redirect, a 4xx or is ignored.

Every named URL of tests/url_table.py is sent GET and POST requests with
random parameters: the names the views and their forms read, plus random
ones; values with NUL and control characters, very long strings, numbers far
beyond any int, non-UUIDs, the world's real codes, and several values per
name. The project owner opens every URL; anonymous visitors the public ones.
The test client re-raises an exception in a view, so a crash shows its
traceback and Hypothesis the smallest input that causes it.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.url_table import ANONYMOUS, LINK, OWNER, TABLE
from tests.url_world import client_for

# What the views and forms read from request.GET and request.POST.
READ = [
    "ai_label", "ai_label_off", "allow_download", "allow_feedback", "archived", "at", "batch",
    "body", "code", "copy",
    "days", "decision", "description", "direction", "download", "email", "end", "expires",
    "burn_captions", "expires_on", "file", "from", "kind", "label_text",
    "label", "mode", "monthly_units", "name", "next", "page", "password", "portrait",
    "portraits", "preset", "prompt", "q", "render", "restore", "review", "role", "script",
    "show", "shows", "start", "status", "tag", "tags", "videos",
    "voice_id", "voice_language", "voiceover", "voiceovers", "watermark", "with",
]  # fmt: skip

ODD_VALUES = [
    "", " ", "0", "1", "-1", "01", "1.5", "1e309", "nan", "inf", "-inf", "NaN", "true",
    "9" * 4301, "-" + "9" * 5000, str(2**64), str(-(2**63) - 1), "0x10", "١٢٣",
    "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "{" + "0" * 32 + "}",
    "2025-02-30", "0001-01-01", "9999-12-31", "2025-13-01T25:61", "-0001-01-01",
    "approve", "changes", "date", "never", "watermarked", "video", "owner", "std", "pro",
    "\x00", "a\x00b", "\r\n", "\t", "\x1b[31m", "\ufeff", "\u202e", "💥", "%00", "%",
    "../../etc/passwd", "//evil.example", "https://evil.example/", "javascript:alert(1)",
    "<script>alert(1)</script>", "' OR 1=1 --", "${{7*7}}", "{{ 7|add:7 }}",
]  # fmt: skip

PUBLIC = {"share_page", "share_media", "invite_accept", "kling_callback"}
# The account pages (allauth's views, outside projects.urls), for anyone.
ACCOUNT_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/confirm-email/",
    "/signup/",
]
RUNS = [(name, OWNER) for name in sorted(TABLE)] + [(name, ANONYMOUS) for name in sorted(PUBLIC)]


def codes_of(world):
    """The world's real codes, so that some values reach past "not a UUID"."""
    things = [world.portrait, world.render, world.version2, world.foreign_render]
    things += [world.project, world.team, world.dave, world.spare_link, world.spare_invite]
    return [str(thing.code) for thing in things]


def values(codes):
    text = st.text(max_size=40)
    control = st.text(st.characters(max_codepoint=0x20), max_size=10)
    long = st.builds(lambda c, n: c * n, st.characters(codec="utf-8"), st.integers(1_000, 30_000))
    huge = st.integers(min_value=-(10**40), max_value=10**40).map(str)
    one = st.one_of(
        st.sampled_from(ODD_VALUES),
        st.sampled_from(codes),
        text,
        control,
        long,
        huge,
        st.uuids().map(str),
        st.dates().map(lambda d: d.isoformat()),
    )
    return st.one_of(one, st.lists(one, min_size=2, max_size=4))


def parameters(codes):
    names = st.one_of(st.sampled_from(READ), st.text(max_size=12))
    return st.dictionaries(names, values(codes), max_size=6)


HEADER_VALUES = [
    "bytes=" + "9" * 4301,
    "bytes=0-" + "9" * 4301,
    "bytes=-" + "9" * 4301,
    "bytes=5-1",
    "bytes=0-0,5-9",
    "bytes=-0",
    "items=0-1",
    '"nonsense"',
    "*",
    "Thu, 31 Dec 9999 23:59:59 GMT",
    "Mon, 32 Foo 2025 99:99:99 GMT",
]


def headers():
    latin1 = st.text(st.characters(max_codepoint=0xFF, exclude_categories=["Cs"]), max_size=40)
    value = st.one_of(st.sampled_from(HEADER_VALUES), latin1)
    names = st.sampled_from(["HTTP_RANGE", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"])
    return st.dictionaries(names, value, max_size=2)


def budget(examples):
    # No example database: the suite must not write into the checkout.
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


def status_of(client, path, method, params, extra, multipart):
    if method == "GET":
        return client.get(path, params, **extra).status_code
    if multipart:  # how a form with a file field is sent
        return client.post(path, params, **extra).status_code
    body = urlencode(params, doseq=True)
    form = "application/x-www-form-urlencoded"
    return client.post(path, body, content_type=form, **extra).status_code


@pytest.mark.parametrize(("name", "principal"), RUNS)
@budget(15)
@given(data=st.data())
def test_no_parameter_gives_a_server_error(world, name, principal, data):
    client = clients(world, principal)
    codes = codes_of(world)
    case = data.draw(st.sampled_from(TABLE[name]), label="case")
    path = case.url(world, world.tokens[LINK])
    for method in ("GET", "POST"):
        params = data.draw(parameters(codes), label=f"{method} parameters")
        extra = data.draw(headers(), label=f"{method} headers")
        multipart = method == "POST" and data.draw(st.booleans(), label="multipart")
        status = status_of(client, path, method, params, extra, multipart)
        assert status < 500, f"{method} {path} {params!r} {extra!r} answered {status}"


def clients(world, principal):
    """One client per world and visitor: its session carries over between examples."""
    made = world.__dict__.setdefault("fuzz_clients", {})
    if principal not in made:
        made[principal] = client_for(world, principal) if principal != ANONYMOUS else Client()
    return made[principal]


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
@pytest.mark.parametrize("principal", [ANONYMOUS, OWNER])
@budget(15)
@given(data=st.data())
def test_no_parameter_gives_the_account_pages_a_server_error(world, path, principal, data):
    client = clients(world, principal)
    codes = codes_of(world)
    for method in ("GET", "POST"):
        params = data.draw(parameters(codes), label=f"{method} parameters")
        extra = data.draw(headers(), label=f"{method} headers")
        multipart = method == "POST" and data.draw(st.booleans(), label="multipart")
        status = status_of(client, path, method, params, extra, multipart)
        assert status < 500, f"{method} {path} {params!r} {extra!r} answered {status}"
