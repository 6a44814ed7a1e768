"""The S3-compatible server of the tests: moto's server in a process of its
own, over HTTP on 127.0.0.1 (a free port, printed on the first line), behind
a check of signed addresses.

moto answers S3's API and refuses anonymous reads of private objects, but it
checks no signature in an address: a presigned URL signed wrongly, with other
parameters, or expired would still be served (and with moto's own
authentication turned on, presigned addresses fail altogether). In front of
it, ``SignedAddresses`` checks every query-string-signed request as S3 does,
AWS Signature Version 4: the HMAC over the method, path, query and signed
headers with the secret key of the access key named, and X-Amz-Date plus
X-Amz-Expires not past. Anything else gets S3's 403. Requests signed in the
Authorization header (the app's own boto3 client) go to moto unchanged.

    python -m tests.s3.signed_s3_server ACCESS_KEY SECRET_KEY
"""

import hashlib
import hmac
import sys
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server

DENIED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
    b"<Message>%s</Message></Error>"
)
MAX_EXPIRES = 7 * 24 * 3600


def _encode(text: str) -> str:
    return quote(text, safe="-_.~")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def query_pairs(query: str) -> list[tuple[str, str]]:
    pairs = []
    for part in filter(None, query.split("&")):
        name, _, value = part.partition("=")
        pairs.append((unquote(name.replace("+", " ")), unquote(value.replace("+", " "))))
    return pairs


def signature(secret: str, *, method, path, pairs, headers, amz_date, scope) -> str:
    """SigV4 of a presigned request: the canonical request, the string to
    sign, the key derived from the secret for the scope's date, region and
    service."""
    signed = dict(pairs)["X-Amz-SignedHeaders"].split(";")
    canonical_query = "&".join(
        f"{_encode(k)}={_encode(v)}" for k, v in sorted(pairs) if k != "X-Amz-Signature"
    )
    canonical_headers = "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in signed)
    canonical = "\n".join(
        [method, path, canonical_query, canonical_headers, ";".join(signed), "UNSIGNED-PAYLOAD"]
    )
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = ("AWS4" + secret).encode()
    for part in scope.split("/"):
        key = _hmac(key, part)
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


class SignedAddresses:
    """WSGI middleware: presigned requests are served only when S3 would."""

    def __init__(self, app, secrets: dict[str, str]):
        self.app = app
        self.secrets = secrets

    def __call__(self, environ, start_response):
        pairs = query_pairs(environ.get("QUERY_STRING", ""))
        if any(name == "X-Amz-Signature" for name, _ in pairs):
            problem = self.problem(environ, pairs)
            if problem:
                start_response("403 Forbidden", [("Content-Type", "application/xml")])
                return [DENIED % problem.encode()]
        return self.app(environ, start_response)

    def problem(self, environ, pairs) -> str:
        params = dict(pairs)
        try:
            access_key, scope = params["X-Amz-Credential"].split("/", 1)
            amz_date = params["X-Amz-Date"]
            issued = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            expires = int(params["X-Amz-Expires"])
        except (KeyError, ValueError):
            return "Malformed signed address"
        if params.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" or access_key not in self.secrets:
            return "Unknown key or algorithm"
        if not 0 < expires <= MAX_EXPIRES or datetime.now(UTC) > issued + timedelta(
            seconds=expires
        ):
            return "Request has expired"
        raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ["PATH_INFO"]
        headers = {"host": environ.get("HTTP_HOST", "")}
        headers.update(
            (key[5:].replace("_", "-").lower(), value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        )
        expected = signature(
            self.secrets[access_key],
            method=environ["REQUEST_METHOD"],
            path=raw.split("?", 1)[0],
            pairs=pairs,
            headers=headers,
            amz_date=amz_date,
            scope=scope,
        )
        if not hmac.compare_digest(expected, params["X-Amz-Signature"]):
            return "SignatureDoesNotMatch"
        return ""


def main():
    access_key, secret_key = sys.argv[1:3]
    app = SignedAddresses(DomainDispatcherApplication(create_backend_app), {access_key: secret_key})
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
