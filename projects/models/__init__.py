from .assets import Asset, AssetKind
from .audit import AuditEntry, AuditKind
from .budgets import MAX_MONTHLY_UNITS, Budget
from .captions import Caption, CaptionEdit, CaptionSource
from .consent import CONSENT_WITHDRAWN, PortraitConsent, consent_of
from .credentials import CredentialsState
from .exports import DEFAULT_LABEL, LABEL_MAX_CHARS, ExportState, VideoExport
from .notices import MAIL_KINDS, MailChoice, Notice, NoticeKind, NotificationPreference
from .projects import Project
from .render_lifecycle import FINISHED, IN_FLIGHT, STATUS_ORDER, RenderStatus
from .renders import Render, RenderBatch, RenderMode, ReviewState
from .reviews import Comment, CommentKind
from .sharing import (
    Invite,
    LinkVisitor,
    SharedVideo,
    ShareLink,
    VideoWatch,
    hash_token,
    new_token,
    sharelink_lookup_hash,
    sharelink_token,
)
from .teams import Membership, Team, User
from .webhooks import (
    SUBSCRIBABLE,
    DeliveryState,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
    new_webhook_secret,
)
from .worker import Lease, ProviderPause, ProviderSlots

__all__ = [
    "CONSENT_WITHDRAWN",
    "FINISHED",
    "IN_FLIGHT",
    "MAIL_KINDS",
    "MAX_MONTHLY_UNITS",
    "STATUS_ORDER",
    "SUBSCRIBABLE",
    "Asset",
    "AssetKind",
    "AuditEntry",
    "AuditKind",
    "Budget",
    "Caption",
    "CaptionEdit",
    "CaptionSource",
    "CredentialsState",
    "Comment",
    "DEFAULT_LABEL",
    "CommentKind",
    "DeliveryState",
    "ExportState",
    "Invite",
    "LABEL_MAX_CHARS",
    "Lease",
    "LinkVisitor",
    "MailChoice",
    "Membership",
    "Notice",
    "NoticeKind",
    "NotificationPreference",
    "PortraitConsent",
    "Project",
    "ProviderPause",
    "ProviderSlots",
    "Render",
    "RenderBatch",
    "RenderMode",
    "RenderStatus",
    "ReviewState",
    "ShareLink",
    "SharedVideo",
    "Team",
    "User",
    "VideoExport",
    "VideoWatch",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
    "consent_of",
    "hash_token",
    "new_token",
    "new_webhook_secret",
    "sharelink_lookup_hash",
    "sharelink_token",
]
