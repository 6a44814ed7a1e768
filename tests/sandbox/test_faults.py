"""Fault injection: 429/1302, 429/1303, 5xx, slow replies and dropped connections."""

import time

import pytest
import requests

from .api import assert_error


def test_a_rate_limit_share_answers_429_1302_with_retry_after(api, kling_sandbox):
    kling_sandbox.configure(rate_limit_share=1.0, retry_after=3)
    reply = api.list()
    assert_error(reply, 429, 1302)
    assert reply.headers["Retry-After"] == "3"


def test_without_retry_after_configured_a_429_has_no_retry_after(api, kling_sandbox):
    kling_sandbox.configure(rate_limit_next=1)
    reply = api.list()
    assert_error(reply, 429, 1302)
    assert "Retry-After" not in reply.headers
    assert api.list().status_code == 200


def test_a_rate_limited_create_makes_no_task(api, kling_sandbox):
    kling_sandbox.configure(rate_limit_next=1)
    assert_error(api.create(external_task_id="limited"), 429, 1302)
    assert api.query("limited").status_code == 404
    assert kling_sandbox.creates()[0]["outcome"] == "rejected"


def test_requests_per_second_beyond_the_limit_get_1302(api, kling_sandbox):
    kling_sandbox.configure(rate_limit_per_second=3)
    codes = [api.list().json()["code"] for _ in range(5)]
    assert codes[:3] == [0, 0, 0]
    assert codes[3:] == [1302, 1302]
    time.sleep(1.05)
    assert api.list().json()["code"] == 0


def test_creates_beyond_the_concurrency_cap_get_1303_until_a_task_ends(api, kling_sandbox):
    kling_sandbox.configure(
        concurrency_limit=2,
        fail_share=1.0,
        task_min_seconds=1.0,
        task_max_seconds=1.0,
        retry_after=1,
    )
    first, _second = api.created_id(), api.created_id()
    refused = api.create()
    assert_error(refused, 429, 1303)
    assert refused.headers["Retry-After"] == "1"
    assert api.list().status_code == 200  # queries do not take a slot
    api.wait_for(first)  # ends "failed": a failed task frees its slot too
    assert api.create().status_code == 200


@pytest.mark.parametrize(("code", "status"), [(5000, 500), (5001, 503), (5002, 504)])
def test_server_errors_have_kling_codes(api, kling_sandbox, code, status):
    kling_sandbox.configure(error_next=1, error_codes=[code])
    assert_error(api.list(), status, code)
    assert api.list().status_code == 200


def test_an_error_share_of_one_fails_every_request(api, kling_sandbox):
    kling_sandbox.configure(error_share=1.0)
    statuses = {api.list().status_code for _ in range(10)}
    assert statuses <= {500, 503, 504}


def test_any_documented_code_can_be_injected(api, kling_sandbox):
    kling_sandbox.configure(error_share=1.0, error_codes=[1102])
    assert_error(api.create(), 429, 1102)


def test_faults_can_be_limited_to_some_endpoints(api, kling_sandbox):
    kling_sandbox.configure(error_share=1.0, fault_endpoints=["create"])
    assert api.list().status_code == 200
    assert api.create().status_code in (500, 503, 504)


def test_latency_slows_replies_down(api, kling_sandbox):
    kling_sandbox.configure(latency_seconds=0.4)
    started = time.monotonic()
    assert api.list().status_code == 200
    assert time.monotonic() - started >= 0.4
    with pytest.raises(requests.ReadTimeout):
        api.query("whatever", timeout=0.1)


def test_a_dropped_create_reaches_the_client_as_a_connection_error(api, kling_sandbox):
    kling_sandbox.configure(drop_after_create_next=1, fail_share=1.0)
    with pytest.raises(requests.ConnectionError):
        api.create(external_task_id="dropped-1")
    # The task exists although the client never heard of it.
    found = api.query("dropped-1")
    assert found.status_code == 200
    creates = kling_sandbox.creates()
    assert [(c["external_task_id"], c["outcome"]) for c in creates] == [("dropped-1", "dropped")]
    assert creates[0]["task_id"] == found.json()["data"]["task_id"]
    # Retrying with the same external id is then refused as a duplicate.
    assert_error(api.create(external_task_id="dropped-1"), 400, 1201, "external_task_id")
    assert len(kling_sandbox.creates()) == 2


def test_the_control_and_cdn_paths_are_never_faulted(kling_sandbox):
    kling_sandbox.configure(error_share=1.0, rate_limit_share=1.0)
    assert kling_sandbox.health()["status"] == "ok"
    assert kling_sandbox.creates() == []


def test_a_seed_makes_fault_choices_repeatable(api, kling_sandbox):
    def run():
        kling_sandbox.configure(seed=7, error_share=0.5)
        return [api.list().status_code for _ in range(12)]

    assert run() == run()
