"""A version stack's state, kept on its first render (the root), so that the
gallery's filters read it from an index rather than working out every
stack's top version (issue #18; projects/gallery/stacks.py says what a stack
and its top are).

On the root: the top version's pk, stage and review, the stage of the
version on its way that is not the top ("" when none), and when the newest
version was made. Stages, not statuses: a render claimed or put back in the
queue (queued ↔ submitting) stays in its stage, so the worker's bulk claims
change nothing here. ``refresh_stack`` is called, in the same transaction,
by every change that can move these: a render made (``Render.save``), a
transition between stages and a review (``render_lifecycle.py``).
"""

from django.db import models, transaction
from django.db.models import Q

from .render_lifecycle import STAGE_OF, UNFINISHED

# ReviewState.APPROVED (models/renders.py, which imports this module).
APPROVED = "approved"
# What is read of each version to work a stack's state out.
COLUMNS = ("pk", "parent_id", "version", "status", "review_state", "created")


class StackState(models.Model):
    """The stack's state, on its root (empty on later versions). Mixed into
    ``Render``."""

    stack_top_pk = models.BigIntegerField(null=True, blank=True, editable=False)
    stack_stage = models.CharField(max_length=10, blank=True, editable=False)
    stack_review = models.CharField(max_length=10, blank=True, editable=False)
    stack_pending_stage = models.CharField(max_length=10, blank=True, editable=False)
    stack_newest = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def refresh_stack(self):
        """Work this render's stack's state out again, and store it on its root."""
        with transaction.atomic():
            states = fill_stacks(type(self), [self.parent_id or self.pk])
        # The root's instance reads as its row.
        for name, value in states.get(self.pk, {}).items():
            setattr(self, name, value)

    def update_followed(self, rows, updates: dict) -> int:
        """``rows.update(**updates)`` (this render, guarded by its caller,
        ``render_lifecycle.py``); when it changed the status or the review,
        the stack's state follows in the same transaction."""
        with transaction.atomic():
            changed = rows.update(**updates)
            if changed and {"status", "review_state"} & updates.keys():
                self.refresh_stack()
        return changed


def stack_state(versions) -> dict:
    """The stored fields of a stack, from its versions (rows of ``COLUMNS``
    as dicts): the same top and version on its way as ``gallery/stacks.py``
    ``with_stack`` works out in SQL."""
    top = min(versions, key=lambda v: (v["review_state"] != APPROVED, -v["version"], -v["pk"]))
    on_its_way = [v for v in versions if v["status"] in UNFINISHED and v["pk"] != top["pk"]]
    pending = max(on_its_way, key=lambda v: (v["version"], v["pk"]), default=None)
    return {
        "stack_top_pk": top["pk"],
        "stack_stage": STAGE_OF[top["status"]],
        "stack_review": top["review_state"],
        "stack_pending_stage": STAGE_OF[pending["status"]] if pending else "",
        "stack_newest": max(v["created"] for v in versions),
    }


def fill_stacks(model, roots, *, batch_size=1_000):
    """Store the state of the stacks whose roots' pks are ``roots`` (a list
    or a values queryset): read, worked out and written in batches. Used by
    ``refresh_stack``, migration 0019 and bulk loads (bench, tests).
    Returns the states stored, by root."""
    roots, states = list(roots), {}
    for start in range(0, len(roots), batch_size):
        chunk = set(roots[start : start + batch_size])
        rows = model.objects.filter(Q(pk__in=chunk) | Q(parent_id__in=chunk)).values(*COLUMNS)
        stacks = {}
        for row in rows:
            stacks.setdefault(row["parent_id"] or row["pk"], []).append(row)
        for root, versions in stacks.items():
            if root in chunk:
                states[root] = stack_state(versions)
        updated = [model(pk=root, **states[root]) for root in chunk if root in states]
        # Small batches: each UPDATE's CASE has a branch per row.
        model.objects.bulk_update(updated, list(stack_state_fields()), batch_size=100)
    return states


def stack_state_fields():
    return (
        "stack_top_pk",
        "stack_stage",
        "stack_review",
        "stack_pending_stage",
        "stack_newest",
    )
