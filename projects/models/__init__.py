from .assets import Asset, AssetKind
from .notices import Notice
from .projects import Project
from .renders import (
    FINISHED,
    IN_FLIGHT,
    STATUS_ORDER,
    Render,
    RenderBatch,
    RenderMode,
    RenderStatus,
    ReviewState,
)
from .teams import Membership, Team, User
from .worker import Lease, ProviderPause

__all__ = [
    "FINISHED",
    "IN_FLIGHT",
    "STATUS_ORDER",
    "Asset",
    "AssetKind",
    "Lease",
    "Membership",
    "Notice",
    "Project",
    "ProviderPause",
    "Render",
    "RenderBatch",
    "RenderMode",
    "RenderStatus",
    "ReviewState",
    "Team",
    "User",
]
