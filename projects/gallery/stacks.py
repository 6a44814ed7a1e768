"""Version stacks: the gallery shows one card per lineage (a render and the
versions made again from it; versions name the first render as ``parent``).

A stack's card shows its top version: the newest approved one if any is
approved, else the newest one. The stack's review state is then its top's
(approved when any version is). A version still on its way that is not the
top (say v3 rendering while v2 is approved) is named on the card as well.

Every figure comes from correlated subqueries of one query, so a page of
cards costs the same few queries however many stacks and versions there are.
"""

from django.db.models import Case, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from projects.models import Render, ReviewState
from projects.models.render_lifecycle import STAGE_OF

# A render's stack is named by its first render: its parent, or itself.
ROOT = Coalesce(F("parent_id"), F("pk"))

# The top of a stack: approved versions first, then the newest.
APPROVED_FIRST = Case(
    When(review_state=ReviewState.APPROVED, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
)


def versions_of(root):
    """The renders of the stack whose first render is ``root`` (a pk or an
    OuterRef)."""
    return Render.objects.filter(Q(pk=root) | Q(parent_id=root))


def with_stack(renders):
    """Renders annotated with their stack: ``root_id``, ``top_id``,
    ``stack_size``, ``stack_updated`` (when its newest version was made) and
    the version still on its way that is not the top (``pending_code``,
    ``pending_version``, ``pending_status``; empty when there is none)."""
    outer = OuterRef("root_id")
    pending = (
        versions_of(outer).unfinished().exclude(pk=OuterRef("top_id")).order_by("-version", "-pk")
    )
    return renders.annotate(root_id=ROOT).annotate(
        top_id=Subquery(
            versions_of(outer).order_by(APPROVED_FIRST, "-version", "-pk").values("pk")[:1]
        ),
        stack_size=Subquery(
            versions_of(outer).order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
            output_field=IntegerField(),
        ),
        stack_updated=Subquery(versions_of(outer).order_by("-created").values("created")[:1]),
        pending_code=Subquery(pending.values("code")[:1]),
        pending_version=Subquery(pending.values("version")[:1]),
        pending_status=Subquery(pending.values("status")[:1]),
    )


def stack_tops(renders):
    """Of ``renders`` (a project's), the top version of each stack, the
    stack most recently added to first."""
    return with_stack(renders).filter(pk=F("top_id")).order_by("-stack_updated", "-pk")


# How many of a project's newest renders are read to find a page's stacks:
# enough for four renders a stack, on average, before giving up.
RENDERS_PER_STACK_READ = 4


def recent_roots(project, count):
    """The first ``count`` stacks of a project's unfiltered gallery (their
    roots' pks), read from its newest renders; None when these do not hold
    that many stacks (many versions per stack).

    Stacks come in the order of their newest versions, so reading renders
    newest first, each stack's root shows up in stack order: once ``count``
    roots have shown up, they are the first ``count`` stacks. The cards'
    subqueries then run for those stacks' renders (``stack_members``)
    rather than for every render of the project."""
    limit = count * RENDERS_PER_STACK_READ
    newest = list(
        Render.objects.filter(project=project)
        .order_by("-created", "-pk")
        .annotate(root=ROOT)
        .values_list("root", flat=True)[:limit]
    )
    roots = list(dict.fromkeys(newest))
    if len(roots) < count and len(newest) == limit:
        return None
    return roots[:count]


def stack_members(roots) -> Q:
    """The renders of the stacks whose first renders are ``roots`` (versions
    are made in their first render's project): found by primary key and
    parent, not by reading the project."""
    return Q(pk__in=roots) | Q(parent_id__in=roots)


def stacks_having(renders):
    """The stacks (their roots' pks) with at least one of ``renders``."""
    return renders.annotate(stack_root=ROOT).values("stack_root")


class PendingVersion:
    """A newer (or other) version on its way, as a card names it: "Version 3:
    Rendering"."""

    def __init__(self, code, version, status):
        self.code, self.version, self.status = code, version, status
        self.stage = STAGE_OF[status]


def pending_version(render):
    """The version of ``render``'s stack still on its way, when it is not the
    card's own render (``render`` must come from ``with_stack``)."""
    if not getattr(render, "pending_code", None):
        return None
    return PendingVersion(render.pending_code, render.pending_version, render.pending_status)
