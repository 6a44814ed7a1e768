"""Avatar Studio settings.

Everything comes from the environment, with defaults that run from a fresh
checkout: SQLite, django-q2 on the ORM broker, media in ./media, e-mail to the
console and the local Kling sandbox as the provider. Secrets can also be read
from a file named by ``<NAME>_FILE`` (Docker/systemd credentials style).
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from avatarstudio.environment import env, env_bool, env_list
from avatarstudio.log_config import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# A fixed key is fine on a laptop; `check --deploy` flags it in production.
SECRET_KEY = env("SECRET_KEY") or "django-insecure-dev-only-key-for-local-use"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
# The public address of the site, used in e-mails, share links and (when it is
# reachable from the internet) in Kling callbacks. Empty means "no callbacks".
SITE_URL = env("SITE_URL", "").rstrip("/")
# Forms posted to the public address pass the CSRF origin check even when a
# proxy in front of us rewrites the scheme or the host.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or (
    ["/".join(SITE_URL.split("/")[:3])] if SITE_URL.startswith(("http://", "https://")) else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_q",
    "csp",
    # Accounts: log-in by e-mail, sign-up with verification, password reset,
    # two-step sign-in (TOTP and recovery codes). Sign-in with Google or
    # Microsoft is added below only when its keys are configured.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "projects",
]

MIDDLEWARE = [
    # First, so that a load balancer probing with its own Host header (an IP
    # address) gets an answer instead of a 400 for a host not in ALLOWED_HOSTS.
    "projects.health.http.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "projects.teams.middleware.CurrentTeamMiddleware",
    # A team that asks for two-step sign-in: its pages explain how to set it up.
    "projects.teams.middleware.TeamSecurityMiddleware",
]

ROOT_URLCONF = "avatarstudio.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "projects.context_processors.studio",
            ],
        },
    },
]

WSGI_APPLICATION = "avatarstudio.wsgi.application"

# --- Database -------------------------------------------------------------
# SQLite by default, tuned so that the web process and the django-q2 worker
# (which also uses the database as its broker) do not trip over each other:
# WAL lets readers run beside a writer, IMMEDIATE transactions take the write
# lock up front instead of failing half-way with "database is locked".
SQLITE_PATH = env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    # A connection kept for a minute is checked before it is reused, so that
    # a database restart does not fail the next request of every process.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
                ),
            },
            # A file, not memory, so that the qcluster processes started by
            # the pipeline tests share the test database.
            # One per test run (by process id), so that two runs never share it.
            "TEST": {
                "NAME": env(
                    "SQLITE_TEST_PATH",
                    str(Path(tempfile.gettempdir()) / f"avatarstudio-test-{os.getpid()}.sqlite3"),
                )
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_USER_MODEL = "projects.User"
AUTHENTICATION_BACKENDS = [
    # Log-in by e-mail address, with allauth's rate limits and checks.
    "allauth.account.auth_backends.AuthenticationBackend",
    # Django's own, for the admin's permission checks and `force_login`.
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "project_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
# Media on local disk (MEDIA_ROOT) or, with MEDIA_STORAGE=s3, in a private
# bucket of any S3-compatible service: avatarstudio/media_storage.py, and
# "Deploy" in the README. MEDIA_ORIGINS: where pages may load media from.
MEDIA_STORAGE = env("MEDIA_STORAGE", "local").strip().lower()
MEDIA_ORIGINS = []
if MEDIA_STORAGE == "s3":
    from avatarstudio.media_storage import bucket_origin, s3_backend

    MEDIA_STORAGE_BACKEND = s3_backend(
        bucket=env("AWS_STORAGE_BUCKET_NAME"),
        endpoint_url=env("AWS_S3_ENDPOINT_URL"),
        region=env("AWS_S3_REGION_NAME"),
        access_key=env("AWS_ACCESS_KEY_ID"),
        secret_key=env("AWS_SECRET_ACCESS_KEY"),
        location=env("AWS_LOCATION", ""),
        addressing_style=env("AWS_S3_ADDRESSING_STYLE"),
    )
    MEDIA_ORIGINS = [bucket_origin(MEDIA_STORAGE_BACKEND["OPTIONS"])]
elif MEDIA_STORAGE == "local":
    MEDIA_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Media is never served from a public URL: every file goes through a view
# that checks team membership or a share link.
MEDIA_ROOT = env("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "/media-not-public/"
# Uploads up to the limit land in a temporary file so that we can probe them
# with ffmpeg; a portrait may be re-encoded from up to this many bytes.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MAX_UPLOAD_BYTES = int(env("MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Avatar Studio <studio@localhost>")

# --- Kling ----------------------------------------------------------------
# With no keys the client talks to the local sandbox (see kling_sandbox/).
KLING_ACCESS_KEY = env("KLING_ACCESS_KEY")
KLING_SECRET_KEY = env("KLING_SECRET_KEY")
KLING_API_KEY = env("KLING_API_KEY")
KLING_SANDBOX_PORT = int(env("KLING_SANDBOX_PORT", "8765"))
KLING_SANDBOX_ACCESS_KEY = "sandbox-access-key"
KLING_SANDBOX_SECRET_KEY = "sandbox-secret-key"
KLING_USES_SANDBOX = not (KLING_ACCESS_KEY and KLING_SECRET_KEY) and not KLING_API_KEY
# The sandbox on purpose (`dev.py start`, the tests, a demo). Without keys and
# without it, a production site (DEBUG off) refuses to start
# (projects/system_checks.py) instead of quietly sending renders to an address
# where nothing answers.
KLING_PRACTICE_MODE = env_bool("KLING_PRACTICE_MODE", DEBUG)
if KLING_PRACTICE_MODE:
    # Its `manage.py kling_sandbox` command; production has no use for it.
    INSTALLED_APPS.append("kling_sandbox")
# What one Kling unit costs this company, to show money beside units
# (projects/usage/money.py). Empty: units only. The sandbox costs nothing.
PRICE_PER_UNIT = env("PRICE_PER_UNIT", "")
CURRENCY = env("CURRENCY", "EUR")
KLING_API_BASE = env(
    "KLING_API_BASE",
    f"http://127.0.0.1:{KLING_SANDBOX_PORT}"
    if KLING_USES_SANDBOX
    else "https://api-singapore.klingai.com",
).rstrip("/")
if KLING_USES_SANDBOX:
    KLING_ACCESS_KEY = KLING_SANDBOX_ACCESS_KEY
    KLING_SECRET_KEY = KLING_SANDBOX_SECRET_KEY
# Hosts finished videos may be downloaded from: names, or suffixes like
# ".klingai.com" (that domain and every name under it). Empty: our best guess
# at Kling's undocumented CDN names, DEFAULT_RESULT_HOSTS in
# projects/kling/result_hosts.py. A value replaces that list. In practice mode
# the sandbox's own address (KLING_API_BASE) is allowed as well.
KLING_RESULT_HOSTS = env_list("KLING_RESULT_HOSTS")
# Seconds. The read timeout must stay below the django-q2 task timeout.
KLING_CONNECT_TIMEOUT = float(env("KLING_CONNECT_TIMEOUT", "5"))
KLING_READ_TIMEOUT = float(env("KLING_READ_TIMEOUT", "30"))

# --- Renders --------------------------------------------------------------
# Above these, the make-video form confirms count and cost (projects/renders/plan.py).
RENDER_CONFIRM_ABOVE_VIDEOS = int(env("RENDER_CONFIRM_ABOVE_VIDEOS", "5"))
RENDER_CONFIRM_ABOVE_UNITS = float(env("RENDER_CONFIRM_ABOVE_UNITS", "100"))
# How long the worker's pump task keeps submitting and polling before it
# hands the worker back (it is started again by its schedule every minute).
RENDER_PUMP_SECONDS = float(env("RENDER_PUMP_SECONDS", "50"))
# A render still in flight after this many minutes is flagged for attention.
RENDER_DEADLINE_MINUTES = int(env("RENDER_DEADLINE_MINUTES", "90"))
# Kling deletes results after 30 days; flag unarchived ones well before.
RENDER_ARCHIVE_WARNING_DAYS = int(env("RENDER_ARCHIVE_WARNING_DAYS", "25"))
# Transient provider errors (rate limits, 5xx, network) before a render fails.
RENDER_MAX_SUBMIT_ATTEMPTS = int(env("RENDER_MAX_SUBMIT_ATTEMPTS", "8"))
RENDER_MAX_ARCHIVE_ATTEMPTS = int(env("RENDER_MAX_ARCHIVE_ATTEMPTS", "10"))
# Above this many renders in flight, a poll reads Kling's list endpoint (one
# page answers for up to 500) instead of querying each due task.
RENDER_LIST_POLL_THRESHOLD = int(env("RENDER_LIST_POLL_THRESHOLD", "5"))
# A render claimed for submission this long ago lost its worker (killed, or
# its task dropped by the broker) and goes back to the queue. It must exceed
# the longest create call: connect + read timeouts, twice over.
RENDER_STALE_CLAIM_SECONDS = int(env("RENDER_STALE_CLAIM_SECONDS", "180"))
# Kling's callbacks for one render trigger at most one query in this window,
# however many arrive (replays, retries): counted in the shared cache.
RENDER_CALLBACK_COALESCE_SECONDS = int(env("RENDER_CALLBACK_COALESCE_SECONDS", "5"))

# --- django-q2 ------------------------------------------------------------
# Invariant (checked by a test): HTTP timeouts < task timeout < retry, so a
# task is never handed to a second worker while the first may still be inside
# an HTTP call.
REDIS_URL = env("REDIS_URL")
Q_CLUSTER = {
    "name": "avatarstudio",
    "workers": int(env("Q_WORKERS", "2")),
    "timeout": 120,
    "retry": 180,
    "max_attempts": 3,
    "ack_failures": True,
    "catch_up": False,
    "save_limit": 1000,
    "label": "Background tasks",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["poll"] = 0.5
# django-q2 saves cluster statistics to a cache every half second. Kept in
# process memory so that they never become database writes; the health check
# reads the Redis broker's own statistics, or the last finished task.
Q_CLUSTER["cache"] = "django_q"

# --- Cache ----------------------------------------------------------------
# Shared by every web process and machine: login throttling counts failures
# here, and the health check remembers Kling's last answer. Redis when there
# is one; otherwise a database table made by `manage.py createcachetable`.
# Per-process memory would let each gunicorn worker count on its own.
REDIS_CACHE_URL = env("REDIS_CACHE_URL", REDIS_URL)
if REDIS_CACHE_URL:
    DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_CACHE_URL,
        "KEY_PREFIX": "avatarstudio",
        # A Redis that hangs makes a login fail in seconds, not hang forever.
        "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
    }
else:
    DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "avatarstudio_cache",
    }
CACHES = {
    "default": DEFAULT_CACHE,
    "django_q": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# --- Accounts -------------------------------------------------------------
# django-allauth: log-in by e-mail, verified sign-up, password reset, two-step
# sign-in, failed log-in budgets, optional Google and Microsoft sign-in.
from avatarstudio.accounts import *  # noqa: E402, F403

INSTALLED_APPS += SOCIAL_APPS  # noqa: F405

# --- Telling people ---------------------------------------------------------
# Notices, e-mail digests and team webhooks: avatarstudio/notifications.py;
# following renders at Kling (polls, slots): avatarstudio/following.py.
from avatarstudio.following import *  # noqa: E402, F403
from avatarstudio.notifications import *  # noqa: E402, F403

# --- Security -------------------------------------------------------------
# A site whose public address is https:// gets the full set: HTTPS redirect,
# HSTS and secure cookies. Local http:// use (no SITE_URL, or DEBUG on) keeps
# working as it did. `manage.py check --deploy` passes in production.
SITE_USES_HTTPS = SITE_URL.startswith("https://") and not DEBUG
# Behind a reverse proxy or load balancer that terminates HTTPS: trust its
# X-Forwarded-Proto (is the request secure?) and X-Forwarded-For (client IP
# address, for login throttling). Only set it when such a proxy is the only
# way in: a client talking to gunicorn directly could forge both headers.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address for allauth's rate limits: with our proxy in front, the
# last X-Forwarded-For entry (the one the proxy appended; those before it come
# from the client and could be anything); otherwise REMOTE_ADDR, and the
# header is ignored.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if BEHIND_PROXY else 0
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SITE_USES_HTTPS)
# Load balancers probe over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(
    env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if SITE_USES_HTTPS else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading commits the whole registered domain to HTTPS in every browser,
# for months: a decision for the domain's owner, not a default of this app.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and env_bool("SECURE_COOKIES", SITE_USES_HTTPS):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# A form refused by the CSRF check gets a page in plain words: avatarstudio/errors.py.
CSRF_FAILURE_VIEW = "avatarstudio.errors.csrf_failure"
# Content-Security-Policy on every response: avatarstudio/csp.py.
from avatarstudio.csp import content_security_policy  # noqa: E402

CONTENT_SECURITY_POLICY = content_security_policy(media_origins=MEDIA_ORIGINS)

# /health/ shows its checks' details (queue size, sandbox or not, why a check
# failed) only with this token (`Authorization: Bearer ...` or `?token=`) or
# to a logged-in staff user; anyone else gets the overall status alone.
HEALTH_TOKEN = env("HEALTH_TOKEN")

# Every handler takes secret tokens out of addresses (share links, password
# resets, invitations, Kling callbacks) before writing: avatarstudio/log_config.py.
LOGGING = logging_config(level=env("LOG_LEVEL", "INFO"))
