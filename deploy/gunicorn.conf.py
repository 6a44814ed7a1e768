"""gunicorn settings: ``gunicorn -c deploy/gunicorn.conf.py avatarstudio.wsgi``.

Every value can be changed from the environment; the defaults suit a web
machine behind a reverse proxy (nginx, a load balancer) on the same network.
"""

import os

# On a platform that sets PORT (Procfile runners), listen on it everywhere;
# otherwise only locally, for a proxy on the same machine. Behind a proxy
# (BEHIND_PROXY=1) nothing else may reach gunicorn: X-Forwarded-* is trusted.
_port = os.environ.get("PORT")
bind = os.environ.get("BIND") or (f"0.0.0.0:{_port}" if _port else "127.0.0.1:8000")

# Threads, because requests mostly wait: uploads being probed by ffmpeg,
# videos streamed from our access-checked views. A thread streaming a video
# to a slow client does not get its process killed by the timeout below.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))

# An upload of up to 50 MB is checked, and a portrait re-encoded, inside
# the request.
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5

# Recycle processes now and then, so that a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200

accesslog = "-"
errorlog = "-"
# Share links, password resets, invitations and Kling callbacks carry a secret
# token in their path: this logger replaces it with "[redacted]" in every
# access-log field and error line (projects/logredact.py). Query strings are
# not logged at all.
logger_class = "projects.logredact.RedactingGunicornLogger"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %(p)s'
