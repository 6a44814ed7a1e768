"""django-q2 settings stay consistent with the HTTP timeouts (style rule 10)."""

from django.conf import settings


def test_http_timeouts_fit_inside_the_task_timeout_which_fits_inside_retry():
    q = settings.Q_CLUSTER
    one_call = settings.KLING_CONNECT_TIMEOUT + settings.KLING_READ_TIMEOUT
    # A submission makes up to three calls (a lookup, TTS, the create).
    assert 3 * one_call < q["timeout"] < q["retry"]


def test_the_pump_ends_well_inside_the_task_timeout():
    # The pump may start one last round just before its deadline.
    assert (
        settings.RENDER_PUMP_SECONDS + 2 * settings.KLING_READ_TIMEOUT
        < settings.Q_CLUSTER["timeout"]
    )


def test_attempts_are_bounded_and_failures_acknowledged():
    q = settings.Q_CLUSTER
    assert 1 <= q["max_attempts"] <= 5
    assert q["ack_failures"] is True
    assert q["catch_up"] is False


def test_a_stale_claim_outlasts_any_create_call():
    longest_submission = 3 * (settings.KLING_CONNECT_TIMEOUT + settings.KLING_READ_TIMEOUT)
    assert settings.RENDER_STALE_CLAIM_SECONDS > longest_submission
