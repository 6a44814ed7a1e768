"""Counting database queries in the processes bench/scale.py starts.

    python bench/scale_counting.py qcluster          # manage.py, queries counted
    gunicorn --pythonpath bench scale_counting:application

On import it connects to ``connection_created``: every new database connection
(in this process or one forked from it: django-q2's workers, gunicorn's) gets
an execute wrapper that adds one to the Redis counter
``BENCH_QUERY_COUNTER`` (``INCR``) per query it runs. The Redis client is made
per process id, so a forked child never shares its parent's socket. Without
``BENCH_QUERY_COUNTER`` nothing is counted.
"""

import os
import sys
from pathlib import Path

import redis
from django.core.management import execute_from_command_line
from django.core.wsgi import get_wsgi_application
from django.db.backends.signals import connection_created

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avatarstudio.settings")

COUNTER = os.environ.get("BENCH_QUERY_COUNTER", "")
_clients = {}


def redis_client():
    """This process's own client (a forked child makes its own)."""
    pid = os.getpid()
    if pid not in _clients:
        _clients[pid] = redis.Redis.from_url(os.environ["REDIS_URL"])
    return _clients[pid]


def count_query(execute, sql, params, many, context):
    try:
        return execute(sql, params, many, context)
    finally:
        redis_client().incr(COUNTER)


def install_counter(sender, connection, **kwargs):
    if count_query not in connection.execute_wrappers:
        connection.execute_wrappers.append(count_query)


if COUNTER:
    connection_created.connect(install_counter, dispatch_uid="bench-scale-query-counter")


if __name__ == "__main__":
    execute_from_command_line(["manage.py", *sys.argv[1:]])
else:
    # gunicorn imports this module: the app, with the counter already hooked.
    application = get_wsgi_application()
