"""Writing the audit trail. Call `audit` inside the transaction that makes
the change, so that the change and its entry are saved together or not at
all: `transaction.atomic()` around both when the caller has none."""

from django.db import transaction

from projects.models.audit import AuditEntry, AuditKind

OPERATOR = "Operator (command line)"
SYSTEM = "Avatar Studio"


def actor_label(user):
    if user is None:
        return SYSTEM
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else (user.email or user.username)


def audit(
    team, kind, *, user=None, actor_name="", project=None, target="", target_code="", summary=""
):
    """Record that `user` (or `actor_name`: a client on a link, an operator)
    did `kind` to `target` in `team`. Returns the entry."""
    if kind not in AuditKind.values:
        raise ValueError(f"unknown audit kind {kind!r}")
    if not transaction.get_connection().in_atomic_block:
        # The entry must share the change's transaction: callers wrap both.
        raise RuntimeError("audit() must run inside the change's transaction")
    return AuditEntry.objects.create(
        team=team,
        project=project,
        actor=user if user is not None and user.pk else None,
        actor_name=(actor_name or actor_label(user))[:300],
        kind=kind,
        target=str(target)[:300],
        target_code=str(target_code)[:64],
        summary=str(summary)[:500],
    )


def render_target(render):
    return f"“{render.title}” (video)" if getattr(render, "title", "") else "a video"


def asset_target(asset):
    return f"“{asset.label}” ({asset.get_kind_display().lower()})"


def link_target(link):
    return f"“{link.label}” (share link)"


def project_target(project):
    return f"“{project.name}” (project)"


def person_target(user):
    return actor_label(user)


def client_actor(visitor, link):
    """A client answering on a share link, by the name they gave."""
    name = (visitor.name or visitor.email or "A client").strip()
    return f"{name} (client via link “{link.label}”)"


def quoted(text, limit=120):
    """A comment's words, cut short for one line of the trail."""
    text = " ".join((text or "").split())
    return f"“{text[:limit]}…”" if len(text) > limit else (f"“{text}”" if text else "")
