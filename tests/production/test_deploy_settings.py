"""Production settings pass Django's deployment checks; local http use keeps working."""

from tests.production.conftest import PRODUCTION_ENV, manage, read_settings

SECURITY = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CSRF_TRUSTED_ORIGINS",
    "CONTENT_SECURITY_POLICY",
]


def test_production_settings_pass_check_deploy_at_warning_level(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_on_the_development_defaults(tmp_path):
    # The same command must be able to fail: the checkout's fixed key and
    # plain http are not a production configuration.
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W009" in result.stderr  # the development SECRET_KEY


def test_an_https_site_gets_redirects_hsts_and_secure_cookies(tmp_path):
    s = read_settings(tmp_path, SECURITY, **PRODUCTION_ENV)
    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://studio.example.com"]


def test_the_proxy_header_is_trusted_only_when_told(tmp_path):
    env = {**PRODUCTION_ENV, "BEHIND_PROXY": "0"}
    s = read_settings(tmp_path, SECURITY, **env)
    assert s["SECURE_PROXY_SSL_HEADER"] is None
    assert s["SECURE_SSL_REDIRECT"] is True


def test_the_local_defaults_stay_plain_http(tmp_path):
    s = read_settings(tmp_path, SECURITY)
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert s["SESSION_COOKIE_SECURE"] is False
    assert s["CSRF_COOKIE_SECURE"] is False
    assert s["SECURE_PROXY_SSL_HEADER"] is None
    # The policy applies everywhere, so that a page breaking it shows up locally.
    assert s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]


def test_debug_mode_never_redirects_to_https_even_with_an_https_site_url(tmp_path):
    s = read_settings(tmp_path, SECURITY, DEBUG="1", SITE_URL="https://studio.example.com")
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert s["SESSION_COOKIE_SECURE"] is False


def test_secure_cookies_can_be_asked_for_without_an_https_site_url(tmp_path):
    s = read_settings(tmp_path, SECURITY, SECURE_COOKIES="1")
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["SECURE_SSL_REDIRECT"] is False


def test_each_safeguard_can_be_turned_down_by_its_variable(tmp_path):
    env = {**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "3600"}
    s = read_settings(tmp_path, SECURITY, **env)
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SECURE_HSTS_SECONDS"] == 3600


def test_the_cache_is_shared_between_processes_in_both_shapes(tmp_path):
    # Per-process memory would let each gunicorn worker count login failures
    # on its own; django-q2's statistics stay in memory (no database writes).
    embedded = read_settings(tmp_path, ["CACHES", "Q_CLUSTER"])
    assert embedded["CACHES"]["default"]["BACKEND"].endswith("db.DatabaseCache")
    assert embedded["Q_CLUSTER"]["cache"] == "django_q"
    assert embedded["CACHES"]["django_q"]["BACKEND"].endswith("LocMemCache")
    shaped = read_settings(tmp_path, ["CACHES"], REDIS_URL="redis://127.0.0.1:6379/3")
    assert shaped["CACHES"]["default"]["BACKEND"].endswith("redis.RedisCache")
    assert shaped["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
