"""Kling's bearer checks, with Kling's HTTP statuses and codes (401/1000-1004)."""

import time

import pytest
import requests

from .api import TASKS, assert_error


def get_list(sandbox, headers):
    return requests.get(sandbox.base_url + TASKS, headers=headers, timeout=10)


def test_a_fresh_jwt_signed_with_the_secret_key_is_accepted(kling_sandbox):
    reply = get_list(kling_sandbox, kling_sandbox.headers())
    assert reply.status_code == 200
    assert reply.json()["code"] == 0
    assert reply.json()["message"] == "SUCCEED"


def test_it_rejects_a_request_without_authorization_with_1001(kling_sandbox):
    assert_error(get_list(kling_sandbox, {}), 401, 1001)


@pytest.mark.parametrize("header", ["Bearer not-a-jwt", "Basic abc", "Bearer a.b.c", "Bearer"])
def test_it_rejects_an_unreadable_authorization_with_1002(kling_sandbox, header):
    assert_error(get_list(kling_sandbox, {"Authorization": header}), 401, 1002)


def test_it_rejects_a_token_without_exp_with_1002(kling_sandbox):
    assert_error(get_list(kling_sandbox, kling_sandbox.headers(exp=None)), 401, 1002)


def test_it_rejects_a_token_not_yet_valid_with_1003(kling_sandbox):
    headers = kling_sandbox.headers(nbf=int(time.time()) + 120)
    assert_error(get_list(kling_sandbox, headers), 401, 1003)


def test_it_rejects_an_expired_token_with_1004(kling_sandbox):
    headers = kling_sandbox.headers(exp=int(time.time()) - 1, nbf=int(time.time()) - 60)
    assert_error(get_list(kling_sandbox, headers), 401, 1004)


def test_it_rejects_a_token_for_another_access_key_with_1000(kling_sandbox):
    assert_error(get_list(kling_sandbox, kling_sandbox.headers(iss="someone-else")), 401, 1000)


def test_it_rejects_a_token_signed_with_the_wrong_secret_with_1000(kling_sandbox):
    headers = kling_sandbox.headers(secret="not-the-secret-key")
    assert_error(get_list(kling_sandbox, headers), 401, 1000)


def test_a_wrong_signature_wins_over_expiry(kling_sandbox):
    headers = kling_sandbox.headers(secret="not-the-secret-key", exp=int(time.time()) - 10)
    assert_error(get_list(kling_sandbox, headers), 401, 1000)


def test_it_accepts_the_configured_plain_api_key_as_bearer(kling_sandbox):
    kling_sandbox.configure(api_key="plain-key-123")
    assert get_list(kling_sandbox, {"Authorization": "Bearer plain-key-123"}).status_code == 200
    assert get_list(kling_sandbox, kling_sandbox.headers()).status_code == 200
    assert_error(get_list(kling_sandbox, {"Authorization": "Bearer plain-key-456"}), 401, 1000)


def test_a_plain_key_is_refused_when_none_is_configured(kling_sandbox):
    assert_error(get_list(kling_sandbox, {"Authorization": "Bearer plain-key-123"}), 401, 1002)


def test_auth_is_checked_on_every_kling_path(kling_sandbox):
    base = kling_sandbox.base_url
    assert_error(requests.post(base + TASKS, json={}, timeout=10), 401, 1001)
    assert_error(requests.get(base + TASKS + "/some-id", timeout=10), 401, 1001)
    assert_error(requests.post(base + "/v1/audio/tts", json={}, timeout=10), 401, 1001)


def test_every_reply_has_a_fresh_request_id(kling_sandbox):
    ids = {get_list(kling_sandbox, kling_sandbox.headers()).json()["request_id"] for _ in range(3)}
    ids |= {get_list(kling_sandbox, {}).json()["request_id"] for _ in range(3)}
    assert len(ids) == 6
    assert all(ids)
