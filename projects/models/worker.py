from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.utils import timezone


class ProviderPause(models.Model):
    """Set when Kling refuses us for a reason no retry can fix (wrong keys,
    no credit, no permission): submissions stop for every team until an
    operator fixes it and the next check succeeds. One row at most."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    category = models.CharField(max_length=30)
    message = models.TextField()
    since = models.DateTimeField(default=timezone.now)
    last_checked_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Paused since {self.since:%Y-%m-%d %H:%M}: {self.message}"


class Lease(models.Model):
    """A named lock with an expiry, shared by every worker on every machine
    through the database: at most one render pump runs at a time, and a
    holder that dies frees it when the lease runs out."""

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=100)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} held by {self.holder} until {self.expires_at:%H:%M:%S}"

    @classmethod
    def acquire(cls, name: str, holder: str, seconds: float) -> bool:
        now = timezone.now()
        until = now + timedelta(seconds=seconds)
        taken = cls.objects.filter(name=name, expires_at__lt=now).update(
            holder=holder, expires_at=until
        )
        if taken:
            return True
        try:
            with transaction.atomic():
                cls.objects.create(name=name, holder=holder, expires_at=until)
            return True
        except IntegrityError:
            return False

    @classmethod
    def release(cls, name: str, holder: str):
        cls.objects.filter(name=name, holder=holder).update(expires_at=timezone.now())


class ProviderSlots(models.Model):
    """What Kling told us about its concurrency limit (code 1303, "too many
    tasks"): how many of our tasks it was running then, and the creates tried
    in the current second, so every worker keeps to at most one create per
    free slot per second (``projects/renders/slots.py``). No row, or no
    ``full_since``: no limit is known. One row at most."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    full_since = models.DateTimeField(null=True, blank=True)
    # Our tasks at Kling when it last said it was full.
    limit = models.PositiveIntegerField(default=0)
    # The second (Unix time) the attempts below were counted in.
    second = models.BigIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    last_probe_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        if self.full_since is None:
            return "No limit known"
        return f"Kling full at {self.limit} tasks since {self.full_since:%Y-%m-%d %H:%M:%S}"
