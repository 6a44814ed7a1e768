"""How a receiver knows a delivery is ours (docs/webhooks.md): every POST
carries ``X-AvatarStudio-Timestamp`` (Unix seconds, when it was sent) and
``X-AvatarStudio-Signature: sha256=<hex>``, the HMAC-SHA256 of
``"<timestamp>.<body>"`` keyed with the webhook's secret. The timestamp is
signed so that a captured delivery cannot be replayed later unnoticed."""

import hashlib
import hmac

EVENT_HEADER = "X-AvatarStudio-Event"
TIMESTAMP_HEADER = "X-AvatarStudio-Timestamp"
SIGNATURE_HEADER = "X-AvatarStudio-Signature"
DELIVERY_HEADER = "X-AvatarStudio-Delivery"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signed_headers(*, secret: str, event: str, delivery: str, timestamp: int, body: bytes):
    return {
        "Content-Type": "application/json",
        EVENT_HEADER: event,
        DELIVERY_HEADER: delivery,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }
