#!/bin/sh
# Once per deploy, from one machine, before the new web and worker processes
# start: everything that changes the shared database. Safe to run again.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
"$PYTHON" manage.py migrate --noinput
# The failed log-in budgets' table when there is no Redis (harmless with Redis).
"$PYTHON" manage.py createcachetable
"$PYTHON" manage.py setup_schedules
