"""``settings.LOGGING``: everything to the console, with secret tokens taken
out of addresses first (``projects.logredact.RedactSecrets`` on every handler)."""

REDACT = ["redact_secrets"]


def logging_config(level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact_secrets": {"()": "projects.logredact.RedactSecrets"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
            # runserver's request lines, as Django formats them.
            "server": {
                "()": "django.utils.log.ServerFormatter",
                "format": "[{server_time}] {message}",
                "style": "{",
            },
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": REDACT},
            "server": {"class": "logging.StreamHandler", "formatter": "server", "filters": REDACT},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own handlers for these ("Not Found: /s/...", "Forbidden",
            # runserver's request lines, e-mails to ADMINS) write without the
            # filter: replaced by ours.
            "django": {"handlers": [], "propagate": True},
            "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
            "django.db.backends": {"level": "INFO"},
            # urllib3 logs full URLs at DEBUG; keep it quiet so nothing sensitive leaks.
            "urllib3": {"level": "WARNING"},
        },
    }
