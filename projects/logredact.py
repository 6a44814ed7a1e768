"""Secret tokens kept out of every log.

Some addresses carry a secret: whoever has it can watch a share link, reset a
password, join a team, or poke a render's callback. They would otherwise end
up in gunicorn's access log, in runserver's request lines and in Django's
"Not Found: /s/..." and "Forbidden" warnings. ``redact`` replaces each secret
part with ``[redacted]`` and keeps the rest of the line, so that the log still
says which kind of page was asked for.

Used by ``RedactSecrets`` (a logging filter on the handlers of
``settings.LOGGING``) and by ``RedactingGunicornLogger`` (``logger_class`` in
``deploy/gunicorn.conf.py``). This module imports nothing of Django, so that
gunicorn's master process can load it before the application.
"""

import logging
import re

from gunicorn import glogging

REDACTED = "[redacted]"

# A slash, also percent-encoded (an address inside a query: ?next=%2Fs%2F...).
_SLASH = r"(?:/|%2[Ff])"
# One path segment (or query value): up to the next slash, query, fragment,
# space or quote.
_SEGMENT = r"(?:(?!%2[Ff])[^/?#&\s\"'<>])+"

# Each pattern keeps its first group and replaces the secret that follows.
SECRET_PATTERNS = [
    # Share links: /s/<token>/ and /s/<token>/renders/<code>/<which>/.
    re.compile(rf"({_SLASH}s{_SLASH}){_SEGMENT}"),
    # Password reset: /accounts/reset/<uidb64>/<token>/. Django swaps the
    # token for "set-password" once it is checked; that word is no secret.
    re.compile(rf"({_SLASH}reset{_SLASH}{_SEGMENT}{_SLASH})(?!set-password\b){_SEGMENT}"),
    # Invitations: /invites/<token>/, but not a team's /teams/<code>/invites/new/
    # or /teams/<code>/invites/<code>/revoke/ (after a code's last 12 hex digits).
    re.compile(rf"(?<![0-9a-fA-F]{{12}})({_SLASH}invites{_SLASH}){_SEGMENT}"),
    # Kling's callbacks: /kling/callback/<render code>/<token>/.
    re.compile(rf"({_SLASH}kling{_SLASH}callback{_SLASH}{_SEGMENT}{_SLASH}){_SEGMENT}"),
    # A token in a query string (/health/?token=..., or the query alone).
    re.compile(rf"(?<![^?&\s\"'])(token=){_SEGMENT}"),
]


def redact(text: str) -> str:
    """``text`` with every secret of a known address replaced by ``[redacted]``."""
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites a record's message (and its traceback) without the secrets.

    Attached to handlers, so that it sees records propagated from every
    logger (``django.request``, ``django.security.*``, ``django.server``...).
    It never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            # A message that cannot be formatted fails in the handler, which
            # reports it; a filter must not raise into the code that logged.
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class RedactingGunicornLogger(glogging.Logger):
    """gunicorn's logger, with the secrets taken out of every access-log atom
    (the request line, path, query, referer, headers...) and of its own error
    log (e.g. "Error handling request /s/...")."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, RedactSecrets) for f in self.error_log.filters):
            self.error_log.addFilter(RedactSecrets())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }
