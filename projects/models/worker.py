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
