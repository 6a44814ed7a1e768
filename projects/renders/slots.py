"""Back-pressure: keeping every Kling slot busy without hammering Kling.

Kling runs a limited number of an account's tasks at once and refuses a
create beyond that with code 1303 ("too many tasks"); how many is not
documented. Until Kling first says so, no limit is known and every due
render is sent. After a 1303:

- the limit is taken to be the number of our tasks Kling had then
  (``ProviderSlots.limit``). A slot is free when fewer of ours are there:
  a render leaves when a callback or a poll says Kling finished it;
- each second, at most as many creates are tried as there are free slots,
  counted for every worker together in the database with conditional
  UPDATEs, so two workers never take the same slot;
- with no free slot, one create is still tried now and then: the limit is
  the account's, so tasks of other software may have ended, or the limit
  grown. Every ``RENDER_SLOT_PROBE_SECONDS`` when none of ours is at Kling
  (nothing of ours will free a slot), six times less often when some are
  (they will; a probe then only looks for a grown limit). A probe that gets
  through forgets the limit until the next 1303.

``render_submit`` asks ``take_slot`` before it claims a render; the pump
stops going down its queue at the first render that finds no slot, so a
full Kling costs one refused attempt per second here, not one per render.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from projects.models import IN_FLIGHT, ProviderSlots, Render, RenderStatus

OPEN, FREE, PROBE = "open", "free", "probe"


@dataclass(frozen=True)
class Slot:
    kind: str  # OPEN: no limit known; FREE: a free slot; PROBE: a try while full
    second: int  # the second it was counted in


def occupied() -> int:
    """Our tasks that hold a slot at Kling, as far as we know: sent and not
    yet seen finished."""
    return Render.objects.filter(
        Q(status__in=IN_FLIGHT) | Q(status=RenderStatus.SUBMITTING, create_sent_at__isnull=False)
    ).count()


def take_slot(now=None) -> Slot | None:
    """Leave to try one create now, or None: wait for a slot to free."""
    now = now or timezone.now()
    second = int(now.timestamp())
    state = ProviderSlots.objects.filter(pk=1, full_since__isnull=False).first()
    if state is None:
        return Slot(OPEN, second)
    busy = occupied()
    free = state.limit - busy
    rows = ProviderSlots.objects.filter(pk=1)
    if free > 0:
        first_this_second = rows.filter(second__lt=second).update(second=second, attempts=1)
        if first_this_second or rows.filter(second=second, attempts__lt=free).update(
            attempts=F("attempts") + 1
        ):
            return Slot(FREE, second)
        return None
    every = settings.RENDER_SLOT_PROBE_SECONDS * (6 if busy else 1)
    probe_due = now - timedelta(seconds=every)
    if rows.filter(Q(last_probe_at__isnull=True) | Q(last_probe_at__lte=probe_due)).update(
        last_probe_at=now
    ):
        return Slot(PROBE, second)
    return None


def give_back(slot: Slot):
    """The render was not sent after all (another worker had claimed it)."""
    if slot.kind == FREE:
        ProviderSlots.objects.filter(pk=1, second=slot.second, attempts__gt=0).update(
            attempts=F("attempts") - 1
        )


def created(slot: Slot):
    """Kling took a create: a probe that gets through means the limit we
    knew is out of date."""
    if slot.kind == PROBE:
        forget_limit()


def kling_full(now=None):
    """Kling refused a create with 1303: it holds as many of our tasks as it
    will. Call it once the refused render no longer counts as sent."""
    now = now or timezone.now()
    values = {"full_since": now, "limit": occupied(), "last_probe_at": now}
    if ProviderSlots.objects.filter(pk=1).update(**values):
        return
    try:
        with transaction.atomic():
            ProviderSlots.objects.create(pk=1, **values)
    except IntegrityError:  # another worker made the row meanwhile
        ProviderSlots.objects.filter(pk=1).update(**values)


def forget_limit():
    ProviderSlots.objects.filter(pk=1).update(full_since=None)
