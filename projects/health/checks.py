"""What a load balancer and a monitor need to know about this installation.

Five checks, each a small dict with ``ok`` and, when something is wrong, a
plain ``detail``. Never an exception text, a host name or a key: the
endpoint needs no login.

- ``database``: a ``SELECT 1``.
- ``cache``: one read (login throttling and this report depend on it).
- ``broker``: Redis answers PING, or the ORM broker's queue table answers.
- ``worker``: a ``qcluster`` is alive: the Redis broker's cluster statistics
  (refreshed every half second, gone 3 s after a cluster dies), or a task that
  finished in the last few minutes (the render-pump schedule runs one a
  minute), and the render-pump schedule exists.
- ``provider``: Kling answers a one-task list call with short timeouts. The
  answer is kept in the shared cache for a minute, so that load balancers
  probing every few seconds do not turn into Kling traffic.

The first three are what this web process needs to serve pages: they decide
between 200 and 503. The worker and Kling are shared by every web process,
so a load balancer that took web processes out for them would only take the
whole site down; they make the report "degraded" instead, and ``strict``
(for monitors that should page someone) turns any failed check into a 503.
"""

import logging
import time
from datetime import timedelta

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.utils import timezone
from django_q.models import OrmQ, Schedule, Task

from projects.kling import Category, KlingError, get_client
from projects.renders.pause import provider_paused
from projects.renders.queue import SCHEDULES
from projects.wording import quantity

log = logging.getLogger(__name__)

CRITICAL = ("database", "cache", "broker")
# The render-pump schedule makes a task every minute: this much silence means
# no qcluster is running (or setup_schedules was never run).
WORKER_SILENCE = timedelta(minutes=3)
PROVIDER_CACHE_KEY = "health:provider"
PROVIDER_CACHE_SECONDS = 60
PROVIDER_CONNECT_TIMEOUT = 2.0
PROVIDER_READ_TIMEOUT = 3.0
REDIS_TIMEOUT = 2.0


def check_database() -> dict:
    try:
        with transaction.atomic(), connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("Health: the database does not answer")
        return {"ok": False, "detail": "The database does not answer."}
    return {"ok": True}


def check_cache() -> dict:
    try:
        # In a savepoint: a missing cache table must not break the next
        # check's queries when a transaction is open (ATOMIC_REQUESTS, tests).
        with transaction.atomic():
            cache.get("health:probe")
    except Exception:
        log.exception("Health: the cache does not answer")
        return {
            "ok": False,
            "detail": "The cache does not answer (with no Redis: was createcachetable run?).",
        }
    return {"ok": True}


def _redis_client(config):
    options = {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT}
    if isinstance(config, str):
        return redis.Redis.from_url(config, **options)
    return redis.Redis(**{**config, **options})


def _cluster_name() -> str:
    return settings.Q_CLUSTER.get("name", "default")


def check_broker() -> dict:
    config = settings.Q_CLUSTER
    if config.get("redis"):
        client = _redis_client(config["redis"])
        list_key = f"django_q:{config.get('cluster_name', _cluster_name())}:q"
        try:
            client.ping()
            queued = client.llen(list_key)
        except redis.RedisError:
            log.exception("Health: Redis does not answer")
            return {"ok": False, "kind": "redis", "detail": "Redis does not answer."}
        finally:
            client.close()
        return {"ok": True, "kind": "redis", "queued": queued}
    alias = config.get("orm", "default")
    try:
        with transaction.atomic(using=alias):
            queued = OrmQ.objects.using(alias).count()
    except Exception:
        log.exception("Health: the task queue table does not answer")
        return {"ok": False, "kind": "orm", "detail": "The task queue does not answer."}
    return {"ok": True, "kind": "orm", "queued": queued}


def _live_redis_clusters() -> int | None:
    """qclusters that reported in the last 3 s (Redis broker only)."""
    config = settings.Q_CLUSTER
    if not config.get("redis"):
        return None
    client = _redis_client(config["redis"])
    try:
        return sum(1 for _ in client.scan_iter(match=f"django_q:{_cluster_name()}:cluster:*"))
    except redis.RedisError:
        return None
    finally:
        client.close()


def check_worker(now=None) -> dict:
    now = now or timezone.now()
    names = [spec["name"] for spec in SCHEDULES]
    try:
        with transaction.atomic():
            schedules = Schedule.objects.filter(name__in=names).count() == len(names)
            last = Task.objects.order_by("-stopped").values_list("stopped", flat=True).first()
    except Exception:
        log.exception("Health: could not read the worker's tasks")
        return {"ok": False, "detail": "Could not read the worker's tasks."}
    clusters = _live_redis_clusters()
    report = {"ok": False, "schedule": schedules}
    if clusters is not None:
        report["clusters"] = clusters
    if last is not None:
        report["last_task_seconds_ago"] = max(0, int((now - last).total_seconds()))
    recent = last is not None and now - last <= WORKER_SILENCE
    if not schedules:
        report["detail"] = "A worker schedule is missing: run manage.py setup_schedules."
    elif not clusters and not recent:
        minutes = int(WORKER_SILENCE.total_seconds() // 60)
        report["detail"] = (
            f"No background task finished in the last {quantity(minutes, 'minute')}:"
            " is qcluster running?"
        )
    else:
        report["ok"] = True
    return report


def _ask_kling() -> dict:
    try:
        with get_client(
            connect_timeout=PROVIDER_CONNECT_TIMEOUT, read_timeout=PROVIDER_READ_TIMEOUT
        ) as client:
            client.list_tasks(page_num=1, page_size=1)
    except KlingError as error:
        if error.category in (Category.RATE_LIMITED, Category.CONCURRENCY_LIMITED):
            return {"ok": True, "detail": "Kling answers, and asks us to slow down."}
        if error.category == Category.NETWORK:
            what = "Kling cannot be reached"
        elif error.category in (Category.PROVIDER_DOWN, Category.MALFORMED_REPLY):
            what = "Kling answers with errors"
        else:
            what = "Kling refuses our requests"
        return {"ok": False, "detail": f"{what} ({error.category})."}
    except Exception:
        log.exception("Health: asking Kling failed")
        return {"ok": False, "detail": "Asking Kling failed."}
    return {"ok": True}


def check_provider() -> dict:
    try:
        with transaction.atomic():
            answer = cache.get(PROVIDER_CACHE_KEY)
    except Exception:
        return {"ok": False, "detail": "Not checked: the cache does not answer."}
    if answer is None:
        answer = {**_ask_kling(), "checked_at": time.time()}
        try:
            with transaction.atomic():
                cache.set(PROVIDER_CACHE_KEY, answer, PROVIDER_CACHE_SECONDS)
        except Exception:
            log.exception("Health: could not keep Kling's answer in the cache")
    report = {
        "ok": answer["ok"],
        "sandbox": settings.KLING_USES_SANDBOX,
        "checked_seconds_ago": max(0, int(time.time() - answer["checked_at"])),
    }
    if answer.get("detail"):
        report["detail"] = answer["detail"]
    try:
        with transaction.atomic():
            pause = provider_paused()
    except Exception:
        pause = None
    if pause is not None:
        report["ok"] = False
        report["detail"] = f"New renders are on hold: Kling refused them ({pause.category})."
    return report


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "worker": check_worker,
    "provider": check_provider,
}


def health_report(*, strict: bool = False) -> tuple[int, dict]:
    """(HTTP status, JSON body) for the health endpoint."""
    checks = {name: check() for name, check in CHECKS.items()}
    serving = all(checks[name]["ok"] for name in CRITICAL)
    everything = all(result["ok"] for result in checks.values())
    if not serving:
        status = "down"
    elif not everything:
        status = "degraded"
    else:
        status = "ok"
    healthy = everything if strict else serving
    return (200 if healthy else 503), {"status": status, "checks": checks}
